using Microsoft.Extensions.Time.Testing;
using Tidings.Tasks.Dispatch;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>The rate limit's token bucket on the injected clock: starts full, refills at the rate, never above its size.</summary>
public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void NewBucket_Full()
    {
        var bucket = new TokenBucket(_time);
        bucket.Configure(ratePerSecond: 2, capacity: 10);

        Assert.Equal(10, bucket.Available());
        Assert.Equal(TimeSpan.Zero, bucket.UntilNextToken());
    }

    [Fact]
    public void Emptied_RefillsAtTheRate_AndNoFurtherThanItsSize()
    {
        var bucket = new TokenBucket(_time);
        bucket.Configure(2, 10);
        bucket.Take(10);

        Assert.Equal(0, bucket.Available());
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.UntilNextToken());
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(1, bucket.Available());
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(10, bucket.Available());
    }

    [Fact]
    public void SmallerSize_DropsTheTokensAboveIt()
    {
        var bucket = new TokenBucket(_time);
        bucket.Configure(500, 100);

        bucket.Configure(5, 10);

        Assert.Equal(10, bucket.Available());
    }

    [Fact]
    public void SlowRate_WaitIsTheTimeForOneToken()
    {
        var bucket = new TokenBucket(_time);
        bucket.Configure(0.1, 10);
        bucket.Take(10);

        Assert.Equal(TimeSpan.FromSeconds(10), bucket.UntilNextToken());
    }
}
