namespace Tidings.Cluster;

/// <summary>
/// Tells <see cref="UnitOwnership"/>'s loop that an owner changed somewhere (<see cref="ClusterChangeListener"/>), so
/// it looks at once instead of at its next heartbeat. Many wake-ups before the loop looks make one look.
/// </summary>
internal sealed class ClusterWakeups
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Wake"/>; take it before looking, so a change during the look wakes the next.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Wake() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
