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

    /// <summary>
    /// How far the clock may move between reading it and arming the timer before the timer is armed again. A real
    /// clock moves microseconds; a fake one jumps when a test advances it in that gap, and a timer armed with the
    /// old reading would then wait the jump too long (a test that advanced exactly to the due time would hang).
    /// </summary>
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromMilliseconds(1);

    /// <summary>Completes with true when signalled, false when <paramref name="timeout"/> passes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        WaitCoreAsync(token => Task.Delay(timeout, time, token), cancellationToken);

    /// <summary>
    /// Completes with true when signalled, false once the clock reaches <paramref name="due"/>. Prefer this to a
    /// timeout computed from an earlier reading of the clock: the clock may have moved since.
    /// </summary>
    public Task<bool> WaitUntilAsync(DateTimeOffset due, TimeProvider time, CancellationToken cancellationToken) =>
        WaitCoreAsync(token => DelayUntilAsync(due, time, token), cancellationToken);

    private async Task<bool> WaitCoreAsync(Func<CancellationToken, Task> startDelay, CancellationToken cancellationToken)
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
        var delay = startDelay(timeoutCts.Token);
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

    private static async Task DelayUntilAsync(DateTimeOffset due, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            var before = time.GetUtcNow();
            if (before >= due)
            {
                return;
            }
            using var armed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(due - before, time, armed.Token);
            if (time.GetUtcNow() - before <= ArmingSlack)
            {
                await delay.ConfigureAwait(false);
                return;
            }
            await armed.CancelAsync().ConfigureAwait(false); // the clock jumped while arming: arm again from the new reading
        }
    }
}
