using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>The requests a unit's engine serves here (<see cref="UnitRequests"/>), which a handback waits for.</summary>
public sealed class UnitRequestsTests
{
    private static readonly ClusterUnit Cell = ClusterUnit.PubSubCell(1);

    [Fact]
    public void ARequestIsCounted_OnlyWhileThisNodeRunsTheUnit()
    {
        var state = new ClusterState(new ClusterUnits(2));
        var requests = new UnitRequests(state);

        Assert.False(requests.TryEnter(Cell));
        state.SetRole(Cell, UnitRole.Owning, new UnitOwner("a", "http://a", 1));
        Assert.True(requests.TryEnter(Cell));
        state.SetRole(Cell, UnitRole.Releasing, new UnitOwner("a", "http://a", 1));
        Assert.False(requests.TryEnter(Cell)); // it waits for the next owner instead

        Assert.Equal(1, requests.InFlight(Cell));
        Assert.Equal(0, requests.InFlight(ClusterUnit.PubSub));
    }

    [Fact]
    public async Task Drain_WaitsForTheRequestsTaken_OrGivesUpAfterItsTimeout()
    {
        var state = new ClusterState(new ClusterUnits(2));
        var requests = new UnitRequests(state);
        state.SetRole(Cell, UnitRole.Owning, new UnitOwner("a", "http://a", 1));
        Assert.True(requests.TryEnter(Cell));
        Assert.True(requests.TryEnter(Cell));
        state.SetRole(Cell, UnitRole.Releasing, new UnitOwner("a", "http://a", 1));

        Assert.Equal(2, await requests.DrainAsync(Cell, TimeSpan.FromMilliseconds(50), CancellationToken.None));

        var draining = requests.DrainAsync(Cell, TimeSpan.FromSeconds(30), CancellationToken.None);
        requests.Exit(Cell);
        Assert.False(draining.IsCompleted);
        requests.Exit(Cell);
        Assert.Equal(0, await draining);
    }

    [Fact]
    public async Task Serve_RunsCountedWhileThisNodeRunsTheUnit_AndNotOtherwise()
    {
        var state = new ClusterState(new ClusterUnits(2));
        var requests = new UnitRequests(state);
        var ran = 0;

        Assert.False(await requests.TryServeAsync(Cell, () => { ran++; return Task.CompletedTask; }));
        Assert.Equal(0, ran);

        state.SetRole(Cell, UnitRole.Owning, new UnitOwner("a", "http://a", 1));
        var serving = new TaskCompletionSource();
        var served = requests.TryServeAsync(Cell, () => { ran++; return serving.Task; });
        Assert.Equal(1, requests.InFlight(Cell)); // a handback now waits for it
        serving.SetResult();
        Assert.True(await served);
        Assert.Equal(1, ran);
        Assert.Equal(0, requests.InFlight(Cell));
    }
}
