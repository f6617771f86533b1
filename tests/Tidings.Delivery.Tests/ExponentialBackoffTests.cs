namespace Tidings.Delivery.Tests;

public sealed class ExponentialBackoffTests
{
    [Fact]
    public void Delay_ConsecutiveFailures_DoublesFromMinimumUpToMaximum()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60));

        var delays = Enumerable.Range(0, 14).Select(failures => backoff.Delay(failures).TotalMilliseconds).ToArray();

        Assert.Equal(
            [0, 100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 51_200, 60_000, 60_000, 60_000],
            delays);
    }

    [Fact]
    public void Delay_HugeFailureCount_StaysAtMaximum()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromSeconds(60), backoff.Delay(int.MaxValue));
    }

    [Fact]
    public void Delay_CustomMultiplier_Multiplies()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100), multiplier: 3);

        Assert.Equal([1, 3, 9, 27, 81, 100], Enumerable.Range(1, 6).Select(f => backoff.Delay(f).TotalSeconds));
    }

    [Fact]
    public void Delay_MultiplierOne_IsConstant()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), multiplier: 1);

        Assert.All(Enumerable.Range(1, 50), f => Assert.Equal(TimeSpan.FromSeconds(1), backoff.Delay(f)));
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1), multiplier: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1), multiplier: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.Zero, TimeSpan.Zero).Delay(-1));
    }
}
