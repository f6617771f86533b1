namespace Tidings.Kernel.Signals;

/// <summary>
/// An auto-reset signal for one waiter at a time: <see cref="Set"/> wakes the current or the next wait; sets that
/// arrive while nobody waits coalesce into one.
/// </summary>
public sealed class AsyncSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _waiter;
    private bool _signaled;

    public void Set()
    {
        TaskCompletionSource? toRelease;
        lock (_lock)
        {
            toRelease = _waiter;
            _waiter = null;
            _signaled = toRelease is null;
        }
        toRelease?.TrySetResult();
    }

    /// <summary>Completes with true when signalled, false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_signaled)
            {
                _signaled = false;
                return true;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = waiter;
        }
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, timeoutCts.Token);
        var winner = await Task.WhenAny(waiter.Task, delay).ConfigureAwait(false);
        await timeoutCts.CancelAsync().ConfigureAwait(false);
        lock (_lock)
        {
            if (ReferenceEquals(_waiter, waiter))
            {
                _waiter = null;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return winner == waiter.Task;
    }
}
