namespace Tidings.Cluster;

/// <summary>
/// Tells <see cref="UnitOwnership"/>'s loop to look at once instead of at its next heartbeat: when an owner changed
/// somewhere (<see cref="ClusterChangeListener"/>), or when an owner a request was forwarded to could not be reached
/// (<see cref="OwnerUnreachable"/>: it may have died, and its locks be free already; a dead node announces nothing).
/// Many wake-ups before the loop looks make one look.
/// </summary>
/// <param name="unreachableOwnerInterval">Least time between two wake-ups for an unreachable owner: one that stays
/// unreachable while it holds its locks (its port blocked, say) would otherwise cost a look per failed request.</param>
/// <param name="time">Reads the time for that interval.</param>
internal sealed class ClusterWakeups(TimeSpan unreachableOwnerInterval = default, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastUnreachable = long.MinValue;

    /// <summary>Completes at the next <see cref="Wake"/>; take it before looking, so a change during the look wakes the next.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Wake() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Wakes the loop unless an unreachable owner woke it less than the interval ago.</summary>
    public void OwnerUnreachable()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastUnreachable);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < unreachableOwnerInterval)
        {
            return;
        }
        if (Interlocked.CompareExchange(ref _lastUnreachable, now, last) == last)
        {
            Wake(); // else another request just did
        }
    }
}
