using Microsoft.Extensions.Time.Testing;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>The wake-ups of the ownership loop when an owner changes somewhere (<see cref="ClusterWakeups"/>).</summary>
public sealed class ClusterWakeupsTests
{
    [Fact]
    public void AWake_CompletesTheWaitTakenBeforeIt_AndTheNextWaitWaitsForAnother()
    {
        var wakeups = new ClusterWakeups();
        var first = wakeups.Next;
        Assert.Same(first, wakeups.Next);
        Assert.False(first.IsCompleted);

        wakeups.Wake();
        wakeups.Wake(); // before the loop looks: one look for both

        Assert.True(first.IsCompletedSuccessfully);
        var second = wakeups.Next;
        Assert.False(second.IsCompleted);
        wakeups.Wake();
        Assert.True(second.IsCompletedSuccessfully);
    }

    [Fact]
    public void AnUnreachableOwner_WakesTheLoop_AtMostOncePerInterval()
    {
        var time = new FakeTimeProvider();
        var wakeups = new ClusterWakeups(TimeSpan.FromMilliseconds(100), time);
        var first = wakeups.Next;

        wakeups.OwnerUnreachable();
        Assert.True(first.IsCompletedSuccessfully);

        var second = wakeups.Next;
        time.Advance(TimeSpan.FromMilliseconds(99));
        wakeups.OwnerUnreachable(); // the same owner, a request later: the loop looked a moment ago
        Assert.False(second.IsCompleted);
        wakeups.Wake(); // an announced change is never held back
        Assert.True(second.IsCompletedSuccessfully);

        var third = wakeups.Next;
        time.Advance(TimeSpan.FromMilliseconds(1));
        wakeups.OwnerUnreachable();
        Assert.True(third.IsCompletedSuccessfully);
    }
}
