using Google.Cloud.Scheduler.V1;
using Tidings.Scheduler.Jobs;
using Tidings.Scheduler.Tests.Support;

namespace Tidings.Scheduler.Tests.Jobs;

/// <summary>Google's backoff (doubling, then linear, then capped) and its stop rule (retry_count and max_retry_duration both reached).</summary>
public sealed class RetryPolicyTests
{
    [Fact]
    public void Backoff_GooglesExample_DoublesThenLinearThenCapped()
    {
        var policy = RetryPolicy.From(new RetryConfig
        {
            RetryCount = 5,
            MinBackoffDuration = SchedulerHarness.Seconds(10),
            MaxBackoffDuration = SchedulerHarness.Seconds(300),
            MaxDoublings = 3,
        });
        Assert.Equal([10, 20, 40, 80, 160, 240, 300, 300], Enumerable.Range(1, 8).Select(k => policy.Backoff(k).TotalSeconds));
    }

    [Fact]
    public void From_Unset_GooglesDefaults()
    {
        var policy = RetryPolicy.From(null);
        Assert.Equal(new RetryPolicy(0, TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), 5), policy);
        Assert.False(policy.MayRetry(0, TimeSpan.Zero));
        Assert.Equal([5, 10, 20, 40, 80, 160, 320], Enumerable.Range(1, 7).Select(k => policy.Backoff(k).TotalSeconds));
    }

    [Fact]
    public void MayRetry_CountOnly_StopsAfterRetryCount()
    {
        var policy = RetryPolicy.From(new RetryConfig { RetryCount = 2 });
        Assert.True(policy.MayRetry(0, TimeSpan.FromDays(1)));
        Assert.True(policy.MayRetry(1, TimeSpan.FromDays(1)));
        Assert.False(policy.MayRetry(2, TimeSpan.Zero));
    }

    [Fact]
    public void MayRetry_CountAndDuration_GoesOnUntilBothAreReached()
    {
        var policy = RetryPolicy.From(new RetryConfig { RetryCount = 1, MaxRetryDuration = SchedulerHarness.Seconds(60) });
        Assert.True(policy.MayRetry(3, TimeSpan.FromSeconds(59)));
        Assert.False(policy.MayRetry(3, TimeSpan.FromSeconds(60)));
        Assert.True(policy.MayRetry(0, TimeSpan.FromSeconds(600)));
    }
}
