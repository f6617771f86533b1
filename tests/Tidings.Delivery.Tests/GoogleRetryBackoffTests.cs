namespace Tidings.Delivery.Tests;

public sealed class GoogleRetryBackoffTests
{
    [Fact]
    public void Delay_DocumentedExample_DoublesThenGrowsLinearlyThenCaps()
    {
        // Google's RetryConfig example: min 10 s, max 300 s, 3 doublings.
        var delays = Enumerable.Range(1, 9)
            .Select(retry => GoogleRetryBackoff.Delay(retry, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300), 3).TotalSeconds);

        Assert.Equal([10, 20, 40, 80, 160, 240, 300, 300, 300], delays);
    }

    [Fact]
    public void Delay_HugeRetryNumber_IsTheCap()
    {
        Assert.Equal(TimeSpan.FromHours(1), GoogleRetryBackoff.Delay(int.MaxValue, TimeSpan.FromSeconds(0.1), TimeSpan.FromHours(1), 16));
    }

    [Fact]
    public void Delay_RetryZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GoogleRetryBackoff.Delay(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 1));
    }
}
