namespace Tidings.Kernel.Signals;

/// <summary>
/// An auto-reset signal for one waiter at a time: <see cref="Set"/> wakes the current or the next wait; sets that
/// arrive while nobody waits coalesce into one.
/// </summary>
/// <remarks>
/// Delivery loops wait on one of these after every batch, so a wait is one completion source, one timer and one
/// cancellation registration, all released synchronously when it ends: no linked token source, no delay task and
/// no asynchronous cancellation, each of which cost a thread-pool work item or an allocation per wait.
/// </remarks>
public sealed class AsyncSignal
{
    /// <summary>
    /// How far the clock may move between reading it and arming the timer before the timer is armed again. A real
    /// clock moves microseconds; a fake one jumps when a test advances it in that gap, and a timer armed with the
    /// old reading would then wait the jump too long (a test that advanced exactly to the due time would hang).
    /// </summary>
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromMilliseconds(1);

    private readonly Lock _lock = new();
    private Waiter? _waiter;
    private bool _signaled;

    public void Set()
    {
        Waiter? toRelease;
        lock (_lock)
        {
            toRelease = _waiter;
            _waiter = null;
            _signaled = toRelease is null;
        }
        toRelease?.TrySetResult(true);
    }

    /// <summary>Completes with true when signalled, false when <paramref name="timeout"/> passes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        timeout == Timeout.InfiniteTimeSpan
            ? WaitCoreAsync(due: null, time, cancellationToken)
            : WaitCoreAsync(time.GetUtcNow() + timeout, time, cancellationToken);

    /// <summary>
    /// Completes with true when signalled, false once the clock reaches <paramref name="due"/>. Prefer this to a
    /// timeout computed from an earlier reading of the clock: the clock may have moved since.
    /// </summary>
    public Task<bool> WaitUntilAsync(DateTimeOffset due, TimeProvider time, CancellationToken cancellationToken) =>
        WaitCoreAsync(due, time, cancellationToken);

    private async Task<bool> WaitCoreAsync(DateTimeOffset? due, TimeProvider time, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (_signaled)
            {
                _signaled = false;
                return true;
            }
            _waiter = waiter = new Waiter(this);
        }
        using var registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
        using var timer = due is { } at ? Arm(waiter, at, time) : null;
        return await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>Arms the waiter's timeout for <paramref name="due"/>, again while the clock moved during arming.</summary>
    private static ITimer? Arm(Waiter waiter, DateTimeOffset due, TimeProvider time)
    {
        var before = time.GetUtcNow();
        if (before >= due)
        {
            waiter.TimeOut();
            return null;
        }
        var timer = time.CreateTimer(static state => ((Waiter)state!).TimeOut(), waiter, due - before, Timeout.InfiniteTimeSpan);
        while (true)
        {
            var now = time.GetUtcNow();
            if (now - before <= ArmingSlack)
            {
                return timer;
            }
            if (now >= due)
            {
                waiter.TimeOut();
                return timer;
            }
            before = now;
            timer.Change(due - now, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Forgets <paramref name="waiter"/> if it is still the current one; false when a <see cref="Set"/> took it
    /// first, whose true must then win over a timeout or a cancellation arriving at the same moment.
    /// </summary>
    private bool Withdraw(Waiter waiter)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_waiter, waiter))
            {
                return false;
            }
            _waiter = null;
            return true;
        }
    }

    /// <summary>One wait; its continuation never runs on the thread that sets, times out or cancels it.</summary>
    private sealed class Waiter(AsyncSignal owner) : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public void TimeOut()
        {
            if (owner.Withdraw(this))
            {
                TrySetResult(false);
            }
        }

        public void Cancel(CancellationToken token)
        {
            if (owner.Withdraw(this))
            {
                TrySetCanceled(token);
            }
        }
    }
}
