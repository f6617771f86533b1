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
}
