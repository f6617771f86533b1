namespace Tidings.Cluster;

/// <summary>
/// What this node knows of the cluster: its role for each unit, each unit's owner, and the live nodes. Written by
/// <see cref="UnitOwnership"/>'s loop (and a unit's start-up when it completes); read by every request. Thread-safe:
/// a change swaps an immutable snapshot and completes the task that waiters hold.
/// </summary>
internal sealed class ClusterState(ClusterUnits units)
{
    private readonly Lock _lock = new();
    private Snapshot _current = Snapshot.Empty(units);
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The cluster's units.</summary>
    public ClusterUnits Units => units;

    /// <summary>This node's role for <paramref name="unit"/>.</summary>
    public UnitRole RoleOf(ClusterUnit unit) => Volatile.Read(ref _current).Roles[units.IndexOf(unit)];

    /// <summary>The node that owns <paramref name="unit"/>, this one included once it recorded itself; null while none is known.</summary>
    public UnitOwner? OwnerOf(ClusterUnit unit) => Volatile.Read(ref _current).Owners[units.IndexOf(unit)];

    /// <summary>The nodes seen within the last three heartbeats, as of the last one.</summary>
    public IReadOnlyList<ClusterNodeInfo> LiveNodes => Volatile.Read(ref _current).Nodes;

    /// <summary>The units this node owns or opens.</summary>
    public IReadOnlyList<ClusterUnit> Held => [.. units.All.Where(u => RoleOf(u) != UnitRole.None)];

    /// <summary>Records what a heartbeat read; the owners of units this node holds are kept as this node set them.</summary>
    public void Observe(IReadOnlyDictionary<ClusterUnit, UnitOwner> owners, IReadOnlyList<ClusterNodeInfo> nodes) => Update(current =>
    {
        var next = (UnitOwner?[])current.Owners.Clone();
        foreach (var unit in units.All.Where(u => current.Roles[units.IndexOf(u)] == UnitRole.None))
        {
            next[units.IndexOf(unit)] = owners.GetValueOrDefault(unit);
        }
        return current with { Owners = next, Nodes = nodes };
    });

    public void SetRole(ClusterUnit unit, UnitRole role, UnitOwner? owner) => Update(current =>
    {
        var roles = (UnitRole[])current.Roles.Clone();
        var owners = (UnitOwner?[])current.Owners.Clone();
        roles[units.IndexOf(unit)] = role;
        owners[units.IndexOf(unit)] = owner;
        return current with { Roles = roles, Owners = owners };
    });

    /// <summary>Back to owning nothing, after the session was lost before any engine opened.</summary>
    public void Reset() => Update(_ => Snapshot.Empty(units));

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, at most <paramref name="timeout"/>; returns whether it does.
    /// </summary>
    public async Task<bool> WaitAsync(Func<ClusterState, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }
            if (condition(this))
            {
                break;
            }
            try
            {
                await changed.WaitAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return condition(this);
            }
        }
        return true;
    }

    private void Update(Func<Snapshot, Snapshot> change)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            var next = change(_current);
            if (next.SameAs(_current))
            {
                return;
            }
            Volatile.Write(ref _current, next);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Snapshot(UnitRole[] Roles, UnitOwner?[] Owners, IReadOnlyList<ClusterNodeInfo> Nodes)
    {
        public static Snapshot Empty(ClusterUnits units) => new(new UnitRole[units.All.Count], new UnitOwner?[units.All.Count], []);

        public bool SameAs(Snapshot other) =>
            Roles.SequenceEqual(other.Roles) && Owners.SequenceEqual(other.Owners) && Nodes.SequenceEqual(other.Nodes);
    }
}
