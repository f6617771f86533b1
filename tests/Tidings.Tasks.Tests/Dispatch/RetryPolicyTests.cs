using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Tasks.Dispatch;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>Google's backoff (doubling, then linear, then capped) and its stop rule (max attempts AND max retry duration).</summary>
public sealed class RetryPolicyTests
{
    [Fact]
    public void Backoff_GooglesDocumentedExample_10_20_40_80_160_240_300_300()
    {
        var delays = Enumerable.Range(1, 8)
            .Select(failures => RetryPolicy.Backoff(failures, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300), maxDoublings: 3).TotalSeconds);

        Assert.Equal([10, 20, 40, 80, 160, 240, 300, 300], delays);
    }

    [Fact]
    public void Backoff_Defaults_DoubleFromATenthOfASecondUpToAnHour()
    {
        var delays = Enumerable.Range(1, 17)
            .Select(failures => RetryPolicy.Backoff(failures, TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(3600), maxDoublings: 16).TotalSeconds)
            .ToList();

        Assert.Equal(0.1, delays[0], 9);
        Assert.Equal(0.2, delays[1], 9);
        Assert.Equal(1638.4, delays[14], 6);
        Assert.Equal(3276.8, delays[15], 6);
        Assert.Equal(3600, delays[16]);
    }

    [Fact]
    public void Backoff_NoDoublings_LinearFromTheStart()
    {
        var delays = Enumerable.Range(1, 4)
            .Select(failures => RetryPolicy.Backoff(failures, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(100), maxDoublings: 0).TotalSeconds);

        Assert.Equal([5, 10, 15, 20], delays);
    }

    [Fact]
    public void Backoff_ManyFailures_StaysAtTheCap()
    {
        Assert.Equal(TimeSpan.FromSeconds(3600), RetryPolicy.Backoff(10_000, TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(3600), maxDoublings: 16));
    }

    private static readonly DateTimeOffset First = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RetryConfig Retry(int maxAttempts, double maxRetrySeconds) => new()
    {
        MaxAttempts = maxAttempts,
        MaxRetryDuration = maxRetrySeconds > 0 ? Duration.FromTimeSpan(TimeSpan.FromSeconds(maxRetrySeconds)) : null,
    };

    [Theory]
    [InlineData(3, 0, 2, 0, false)]      // attempts left, no time limit
    [InlineData(3, 0, 3, 0, true)]       // attempts used, no time limit
    [InlineData(3, 60, 3, 59, false)]    // attempts used, time left: both must be used
    [InlineData(3, 60, 3, 60, true)]     // both used
    [InlineData(3, 60, 2, 600, false)]   // time used, attempts left
    [InlineData(-1, 60, 1000, 600, false)] // unlimited attempts never run out
    [InlineData(-1, 0, 1000, 1e6, false)]  // both unlimited: until the task's retention ends
    [InlineData(1, 0, 1, 0, true)]       // one attempt only
    public void GivesUp_OnlyWhenAttemptsAndDurationAreBothUsed(int maxAttempts, double maxRetrySeconds, int attempts, double elapsedSeconds, bool givesUp)
    {
        Assert.Equal(givesUp, RetryPolicy.GivesUp(Retry(maxAttempts, maxRetrySeconds), attempts, First, First.AddSeconds(elapsedSeconds)));
    }
}
