using Microsoft.Extensions.Time.Testing;
using Tidings.Cluster;

namespace Tidings.Host.Tests.Cluster;

/// <summary>The cluster's wall clock: the local one shifted to the database's, timers left local.</summary>
public sealed class ClusterClockTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Offset_AssumesTheDatabaseReadItsClockHalfWayThroughTheRoundTrip()
    {
        var sample = new ClockSample(Noon, Noon.AddSeconds(5).AddMilliseconds(50), Noon.AddMilliseconds(100));

        Assert.Equal(TimeSpan.FromMilliseconds(100), sample.RoundTrip);
        Assert.Equal(TimeSpan.FromSeconds(5), sample.Offset);
    }

    [Fact]
    public void GetUtcNow_IsTheLocalClockPlusTheOffset_ZeroUntilSampled()
    {
        var local = new FakeTimeProvider(Noon);
        var clock = new ClusterClock(local);
        Assert.Equal(Noon, clock.GetUtcNow());

        // This node's clock is an hour behind the database's.
        clock.Apply(new ClockSample(Noon, Noon.AddHours(1), Noon));
        Assert.Equal(Noon.AddHours(1), clock.GetUtcNow());

        local.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Noon.AddHours(1).AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    public void TimestampsAndTimers_StayLocal()
    {
        var local = new FakeTimeProvider(Noon);
        var clock = new ClusterClock(local);
        clock.Apply(new ClockSample(Noon, Noon.AddHours(-3), Noon));
        var fired = 0;

        using var timer = clock.CreateTimer(_ => fired++, state: null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        var before = clock.GetTimestamp();
        local.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, fired);
        Assert.Equal(TimeSpan.FromSeconds(30), clock.GetElapsedTime(before));
        Assert.Equal(local.TimestampFrequency, clock.TimestampFrequency);
    }
}
