namespace Tidings.Cluster;

/// <summary>
/// What this node knows of the cluster: its role and the leader it forwards to. Written by
/// <see cref="LeaderElection"/>'s loop only; read by every request. Thread-safe: a change swaps an immutable
/// snapshot and completes the task that waiters hold.
/// </summary>
internal sealed class ClusterState
{
    private readonly Lock _lock = new();
    private Snapshot _current = new(NodeRole.Follower, Leader: null);
    private TaskCompletionSource _changed = NewSignal();

    public NodeRole Role => Volatile.Read(ref _current).Role;

    /// <summary>The node that leads, this one included once it records itself; null while none is known.</summary>
    public LeaderInfo? Leader => Volatile.Read(ref _current).Leader;

    /// <summary>Sets the leader a follower forwards to; returns whether it changed.</summary>
    public bool SetLeader(LeaderInfo? leader) => Update(current => current with { Leader = leader });

    public void BecomeOpening() => Update(current => current with { Role = NodeRole.Opening });

    /// <summary>Back to following after the lock was lost before the engines opened (nothing of them ran).</summary>
    public void BecomeFollower() => Update(_ => new Snapshot(NodeRole.Follower, Leader: null));

    public void BecomeLeading(LeaderInfo self) => Update(_ => new Snapshot(NodeRole.Leading, self));

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

    private bool Update(Func<Snapshot, Snapshot> change)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            var next = change(_current);
            if (next == _current)
            {
                return false;
            }
            Volatile.Write(ref _current, next);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
        return true;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Snapshot(NodeRole Role, LeaderInfo? Leader);
}
