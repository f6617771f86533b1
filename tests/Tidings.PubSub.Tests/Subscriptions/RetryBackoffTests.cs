using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>The retry wait doubles per failure from the minimum, is capped at the maximum, and never shrinks.</summary>
public sealed class RetryBackoffTests
{
    private static RetryPolicy Policy(double minimumSeconds, double maximumSeconds) =>
        new() { MinimumBackoff = TimeSpan.FromSeconds(minimumSeconds), MaximumBackoff = TimeSpan.FromSeconds(maximumSeconds) };

    [Fact]
    public void Delay_NoPolicy_IsZero() => Assert.Equal(TimeSpan.Zero, RetryBackoff.Delay(null, 3));

    [Fact]
    public void Delay_GooglesDefaults_DoublesFromTenSecondsUpToTenMinutes()
    {
        var policy = new RetryPolicy();

        var delays = Enumerable.Range(1, 8).Select(failures => RetryBackoff.Delay(policy, failures).TotalSeconds);

        Assert.Equal([10, 20, 40, 80, 160, 320, 600, 600], delays);
    }

    [Fact]
    public void Delay_MinimumZero_IsZeroAfterEveryFailure() =>
        Assert.All(Enumerable.Range(1, 10), failures => Assert.Equal(TimeSpan.Zero, RetryBackoff.Delay(Policy(0, 600), failures)));

    [Fact]
    public void Delay_ManyFailures_IsTheMaximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(600), RetryBackoff.Delay(Policy(0.001, 600), 100));
        Assert.Equal(TimeSpan.FromSeconds(600), RetryBackoff.Delay(Policy(0.001, 600), int.MaxValue));
    }

    [Theory]
    [InlineData(0.1, 0.1)]
    [InlineData(0.1, 600)]
    [InlineData(7, 100)]
    [InlineData(600, 600)]
    public void Delay_AnyPolicy_StartsAtTheMinimumNeverShrinksAndStaysWithinTheMaximum(double minimum, double maximum)
    {
        var policy = Policy(minimum, maximum);
        var delays = Enumerable.Range(1, 40).Select(failures => RetryBackoff.Delay(policy, failures)).ToArray();

        Assert.Equal(policy.MinimumBackoff, delays[0]);
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.All(delays, delay => Assert.InRange(delay, policy.MinimumBackoff, policy.MaximumBackoff));
        Assert.Equal(policy.MaximumBackoff, delays[^1]);
    }
}
