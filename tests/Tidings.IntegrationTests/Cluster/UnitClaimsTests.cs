using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>The spreading rules of <see cref="UnitClaims"/>, without a database.</summary>
public sealed class UnitClaimsTests
{
    private static readonly int[] NeverFree = [0, 0, 0];

    [Fact]
    public void WithinTheJoinWindow_NothingIsTried()
    {
        var plan = UnitClaims.Plan("node-a", beats: UnitClaims.JoinWindow, liveNodes: 1, mine: 0, held: new HashSet<ClusterUnit>(), NeverFree);

        Assert.Empty(plan.Abandoned);
        Assert.Empty(plan.ByShare);
        Assert.Equal(0, plan.Wanted);
    }

    [Fact]
    public void LoneNode_WantsEveryUnit()
    {
        var plan = UnitClaims.Plan("node-a", beats: UnitClaims.JoinWindow + 1, liveNodes: 1, mine: 0, held: new HashSet<ClusterUnit>(), NeverFree);

        Assert.Equal(3, plan.Wanted);
        Assert.Equal(ClusterUnits.All.Order(), plan.ByShare.Order());
    }

    [Fact]
    public void ThreeNodes_EachWantsOne_AndOneHoldingItsShareWantsNoMore()
    {
        var free = UnitClaims.Plan("node-a", beats: 5, liveNodes: 3, mine: 0, held: new HashSet<ClusterUnit>(), NeverFree);
        var full = UnitClaims.Plan("node-a", beats: 5, liveNodes: 3, mine: 1, held: new HashSet<ClusterUnit> { ClusterUnit.Tasks }, NeverFree);

        Assert.Equal(1, free.Wanted);
        Assert.Equal(0, full.Wanted);
        Assert.DoesNotContain(ClusterUnit.Tasks, full.ByShare);
    }

    [Fact]
    public void UnitFreeForThreeHeartbeats_IsTakenByAnyone_WhateverTheShare()
    {
        int[] freeBeats = [UnitClaims.AbandonedAfter, UnitClaims.AbandonedAfter - 1, 0];
        var plan = UnitClaims.Plan("node-a", beats: 9, liveNodes: 3, mine: 1, held: new HashSet<ClusterUnit> { ClusterUnit.Scheduler }, freeBeats);

        Assert.Equal([ClusterUnit.PubSub], plan.Abandoned);
        Assert.Equal([ClusterUnit.Tasks], plan.ByShare);
        Assert.Equal(0, plan.Wanted);
    }

    [Fact]
    public void Rotation_IsStablePerNode_AndNodesStartAtDifferentUnits()
    {
        Assert.Equal(UnitClaims.Rotated("node-a"), UnitClaims.Rotated("node-a"));
        Assert.Equal(ClusterUnits.All.Order(), UnitClaims.Rotated("node-a").Order());
        Assert.Equal(3, new[] { "node-a", "node-b", "node-c" }.Select(n => UnitClaims.Rotated(n)[0]).Distinct().Count());
    }
}
