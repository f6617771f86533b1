using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>The spreading rules of <see cref="UnitClaims"/>, without a database.</summary>
public sealed class UnitClaimsTests
{
    private static readonly int[] NeverFree = [0, 0, 0];

    [Fact]
    public void WithinTheJoinWindow_NothingIsTried()
    {
        var plan = UnitClaims.Plan("node-a", beats: UnitClaims.JoinWindow, liveNodes: 1, mine: 0, held: new HashSet<ClusterUnit>(), NeverFree, ClusterUnits.Single);

        Assert.Empty(plan.Abandoned);
        Assert.Empty(plan.ByShare);
        Assert.Equal(0, plan.Wanted);
    }

    [Fact]
    public void LoneNode_WantsEveryUnit()
    {
        var plan = UnitClaims.Plan("node-a", beats: UnitClaims.JoinWindow + 1, liveNodes: 1, mine: 0, held: new HashSet<ClusterUnit>(), NeverFree, ClusterUnits.Single);

        Assert.Equal(3, plan.Wanted);
        Assert.Equal(ClusterUnits.Single.All.Order(), plan.ByShare.Order());
    }

    [Fact]
    public void ThreeNodes_EachWantsOne_AndOneHoldingItsShareWantsNoMore()
    {
        var free = UnitClaims.Plan("node-a", beats: 5, liveNodes: 3, mine: 0, held: new HashSet<ClusterUnit>(), NeverFree, ClusterUnits.Single);
        var full = UnitClaims.Plan("node-a", beats: 5, liveNodes: 3, mine: 1, held: new HashSet<ClusterUnit> { ClusterUnit.Tasks }, NeverFree, ClusterUnits.Single);

        Assert.Equal(1, free.Wanted);
        Assert.Equal(0, full.Wanted);
        Assert.DoesNotContain(ClusterUnit.Tasks, full.ByShare);
    }

    [Fact]
    public void UnitFreeForThreeHeartbeats_IsTakenByAnyone_WhateverTheShare()
    {
        int[] freeBeats = [UnitClaims.AbandonedAfter, UnitClaims.AbandonedAfter - 1, 0];
        var plan = UnitClaims.Plan("node-a", beats: 9, liveNodes: 3, mine: 1, held: new HashSet<ClusterUnit> { ClusterUnit.Scheduler }, freeBeats, ClusterUnits.Single);

        Assert.Equal([ClusterUnit.PubSub], plan.Abandoned);
        Assert.Equal([ClusterUnit.Tasks], plan.ByShare);
        Assert.Equal(0, plan.Wanted);
    }

    [Fact]
    public void UnitWhoseOwnerLeftGracefully_IsTakenByAnyoneAtOnce_OnceJoined()
    {
        var left = new HashSet<ClusterUnit> { ClusterUnit.PubSub };
        var plan = UnitClaims.Plan("node-a", beats: 5, liveNodes: 3, mine: 1, held: new HashSet<ClusterUnit> { ClusterUnit.Scheduler }, NeverFree, ClusterUnits.Single, left);
        var joining = UnitClaims.Plan("node-a", beats: UnitClaims.JoinWindow, liveNodes: 3, mine: 0, held: new HashSet<ClusterUnit>(), NeverFree, ClusterUnits.Single, left);
        var takenSince = UnitClaims.Plan("node-a", beats: 5, liveNodes: 3, mine: 1, held: new HashSet<ClusterUnit> { ClusterUnit.Scheduler, ClusterUnit.PubSub }, NeverFree, ClusterUnits.Single, left);

        Assert.Equal([ClusterUnit.PubSub], plan.Abandoned);
        Assert.Equal(0, plan.Wanted);
        Assert.Empty(joining.Abandoned);
        Assert.Empty(takenSince.Abandoned);
    }

    [Fact]
    public void Rotation_IsStablePerNode_AndNodesStartAtDifferentUnits()
    {
        Assert.Equal(UnitClaims.Rotated("node-a", ClusterUnits.Single), UnitClaims.Rotated("node-a", ClusterUnits.Single));
        Assert.Equal(ClusterUnits.Single.All.Order(), UnitClaims.Rotated("node-a", ClusterUnits.Single).Order());
        Assert.Equal(3, new[] { "node-a", "node-b", "node-c" }.Select(n => UnitClaims.Rotated(n, ClusterUnits.Single)[0]).Distinct().Count());
    }

    [Fact]
    public void WithPubSubCells_EveryCellIsAUnit_AndTheShareCountsThem()
    {
        var units = new ClusterUnits(pubSubCells: 4);
        var freeBeats = new int[units.All.Count];

        var lone = UnitClaims.Plan("node-a", beats: 5, liveNodes: 1, mine: 0, held: new HashSet<ClusterUnit>(), freeBeats, units);
        var third = UnitClaims.Plan("node-a", beats: 5, liveNodes: 3, mine: 1, held: new HashSet<ClusterUnit> { ClusterUnit.PubSubCell(2) }, freeBeats, units);

        Assert.Equal(6, lone.Wanted);
        Assert.Equal(units.All.Order(), lone.ByShare.Order());
        Assert.Equal(1, third.Wanted); // ceil(6 / 3) = 2, one held
        Assert.DoesNotContain(ClusterUnit.PubSubCell(2), third.ByShare);
        Assert.Equal(5, third.ByShare.Count);
    }

    [Fact]
    public void UnitNames_AndLockKeys_AreDistinct_AndOneCellKeepsTheNamesOfOneEngine()
    {
        var units = new ClusterUnits(pubSubCells: 16);

        Assert.Equal(["pubsub", "tasks", "scheduler"], ClusterUnits.Single.All.Select(u => u.Name()));
        Assert.Equal(18, units.All.Select(u => u.Name()).Distinct().Count());
        Assert.Equal(18, units.All.Select(u => u.LockKey()).Distinct().Count());
        Assert.Equal("pubsub-15", ClusterUnit.PubSubCell(15).Name());
        Assert.All(units.All, u => Assert.Equal(u, units.Parse(u.Name())));
        Assert.All(units.All, u => Assert.Equal(u, Assert.Single(units.WithLockObjectId(u.LockObjectId()))));
        Assert.All(units.All, u => Assert.Equal(u, units.All[units.IndexOf(u)]));
        Assert.Null(units.Parse("pubsub-16"));
        Assert.Null(units.Parse("pubsub-01"));
        Assert.Null(ClusterUnits.Single.Parse("pubsub-1"));
        // One cell's lock is the one engine's: "PubS".
        Assert.Equal(0x50756253, ClusterUnit.PubSub.LockObjectId());
    }
}
