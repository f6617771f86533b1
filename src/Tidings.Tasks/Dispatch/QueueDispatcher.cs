using System.Collections.Concurrent;
using Google.Cloud.Tasks.V2;
using Microsoft.Extensions.Logging;
using Tidings.Delivery;
using Tidings.Kernel.Signals;
using Tidings.Storage.Messages;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Monitoring;
using Tidings.Tasks.Queues;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Tasks.Dispatch;

/// <summary>
/// Dispatches one queue's tasks. One loop reads the tasks due now from the store, earliest first and at most as many
/// as the rate limit's tokens, the free concurrent-dispatch slots and the batch size allow, claims them (an
/// optimistic update that moves the task's store schedule time to the end of a lease) and starts an attempt for each;
/// with nothing due it sleeps until the next task is due, a task is created earlier than that, an attempt ends, or
/// the queue changes. Nothing is held in memory but the attempts in flight, so a queue of any size stays bounded.
/// </summary>
/// <remarks>
/// A task is never dispatched twice at once: an attempt starts only after its claim succeeded at the version the
/// dispatcher read, and within the process <see cref="_inFlight"/> reserves the task id before the claim (RunTask
/// and the loop both go through it). A task is never lost: the claim is written before the request is sent and the
/// outcome after it is answered; an attempt the process did not finish leaves its claim behind, which the next start
/// makes due at once (<see cref="RecoverClaimsAsync"/>) or which runs out after <see cref="TasksOptions.DispatchLease"/>.
/// </remarks>
internal sealed partial class QueueDispatcher : IAsyncDisposable
{
    /// <summary>How many tasks the start-up scan for claims left by a previous run reads at a time.</summary>
    internal const int RecoveryBatchSize = 1000;

    private static readonly TimeSpan StoreRetryDelay = TimeSpan.FromSeconds(1);

    private readonly QueueEntry _queue;
    private readonly DispatchSlots _slots;
    private readonly ITaskStore _store;
    private readonly IHttpDeliverer _deliverer;
    private readonly TimeProvider _time;
    private readonly TasksOptions _options;
    private readonly ILogger _logger;
    private readonly AsyncSignal _wake = new();
    private readonly TokenBucket _bucket;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskAttemptReporter _reporter;

    /// <summary>Task ids with an attempt in this process: reserved before the claim, released when the outcome is written.</summary>
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Tasks due before this (Unix microseconds) wake the sleeping loop; <see cref="long.MaxValue"/> while it works.</summary>
    private long _wakeBefore = long.MaxValue;

    private Task _loop = Task.CompletedTask;
    private int _waits;
    private bool _waiting;

    /// <param name="slots">The server-wide cap on attempts in flight, shared by every queue.</param>
    public QueueDispatcher(QueueEntry queue, DispatchSlots slots, ITaskStore store, IHttpDeliverer deliverer, TimeProvider time, TasksOptions options,
        ILogger logger, TaskAttemptReporter reporter)
    {
        _reporter = reporter;
        _queue = queue;
        _slots = slots;
        _store = store;
        _deliverer = deliverer;
        _time = time;
        _options = options;
        _logger = logger;
        _bucket = new TokenBucket(time);
    }

    private string QueueName => _queue.Name.FullName;

    /// <summary>Attempts in flight now (for tests and the concurrency limit).</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Starts the loop; <paramref name="recover"/> first makes due the claims a previous run left behind.</summary>
    public void Start(bool recover)
    {
        _loop = Task.Run(() => RunAsync(recover, _stop.Token));
    }

    /// <summary>A task was created or rescheduled to <paramref name="scheduleTime"/>: wakes the loop if it sleeps past it.</summary>
    public void NotifyScheduled(DateTimeOffset scheduleTime)
    {
        if (Micros(scheduleTime) < Volatile.Read(ref _wakeBefore))
        {
            _wake.Set();
        }
    }

    /// <summary>The queue's settings or state changed.</summary>
    public void NotifyChanged() => _wake.Set();

    /// <summary>Stops the loop and cancels the attempts in flight; their claims stay, to be dispatched again.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
            await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked.
        }
        _stop.Dispose();
    }

    private async Task RunAsync(bool recover, CancellationToken cancellationToken)
    {
        var recovered = !recover;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!recovered)
                {
                    await RecoverClaimsAsync(cancellationToken).ConfigureAwait(false);
                    recovered = true;
                }
                await StepAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is StorageFailedException or StorageFullException)
            {
                TasksLog.DispatchStoreFailed(_logger, QueueName, StoreRetryDelay, exception);
                await WaitAsync(StoreRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One round: claim and start what may be dispatched now, or sleep until something may be.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var definition = _queue.Definition;
        if (definition.State != Queue.Types.State.Running)
        {
            // Paused (or disabled): only a change of the queue wakes it, not new tasks.
            Volatile.Write(ref _wakeBefore, long.MinValue);
            await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            return;
        }
        Volatile.Write(ref _wakeBefore, long.MaxValue);
        var limits = definition.RateLimits;
        _bucket.Configure(limits.MaxDispatchesPerSecond, limits.MaxBurstSize);
        var free = limits.MaxConcurrentDispatches - _inFlight.Count;
        if (free <= 0)
        {
            // An attempt ending wakes it.
            await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            return;
        }
        var tokens = _bucket.Available();
        if (tokens < 1)
        {
            // Until a time, not for a delay: the clock may move between this reading and the timer (the attempts
            // just started run on this thread up to their first wait); a late reading only wakes the loop early.
            var now = _time.GetUtcNow();
            var nextToken = now + _bucket.UntilNextToken();
            await WaitAsync(token => _wake.WaitUntilAsync(nextToken, _time, token), cancellationToken).ConfigureAwait(false);
            return;
        }

        var wanted = _slots.TakeOrEnlist(Math.Min(Math.Min(free, tokens), _options.DispatchBatchSize), _wake.Set);
        if (wanted == 0)
        {
            // The server-wide cap is reached: a slot freeing anywhere wakes it.
            await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            return;
        }
        await DispatchDueAsync(wanted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims and starts up to <paramref name="slots"/> due tasks, holding that many server-wide slots: each attempt
    /// keeps one until it ends, the rest go back before any wait.
    /// </summary>
    private async Task DispatchDueAsync(int slots, CancellationToken cancellationToken)
    {
        var unused = slots;
        try
        {
            var now = _time.GetUtcNow();
            var due = await _store.ListDueAsync(QueueName, now, slots, cancellationToken).ConfigureAwait(false);
            if (due.Count == 0)
            {
                _slots.Release(unused);
                unused = 0;
                await SleepUntilNextDueAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            var busy = due.Count(task => _inFlight.ContainsKey(task.TaskId));
            var claims = await ClaimAsync(due, forced: false, now, cancellationToken).ConfigureAwait(false);
            // Tokens and spare slots are settled before the attempts start: an attempt runs inline up to its first wait
            // and may even end there, so whatever it sees (or a clock that moves meanwhile) finds the books done.
            _bucket.Take(claims.Count);
            _slots.Release(slots - claims.Count);
            unused = 0;
            foreach (var claim in claims)
            {
                StartAttempt(claim);
            }
            if (busy == due.Count)
            {
                // Everything due is in flight here already (leases that ran out before their renewals were written):
                // wait for an attempt or a renewal to move on rather than spin.
                await WaitAsync(_options.DispatchLease / 2, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _slots.Release(unused);
        }
    }

    private async Task SleepUntilNextDueAsync(CancellationToken cancellationToken)
    {
        var next = await _store.ListDueAsync(QueueName, DateTimeOffset.MaxValue, 1, cancellationToken).ConfigureAwait(false);
        if (next.Count == 0)
        {
            Volatile.Write(ref _wakeBefore, long.MaxValue - 1);
            await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            return;
        }
        var dueAt = next[0].ScheduleTime;
        // Until now every new task woke the loop, so none created since the query was missed.
        Volatile.Write(ref _wakeBefore, Micros(dueAt));
        // Until the due time itself, not for a delay computed from an earlier reading: a clock that moved during the
        // query (or while the timer was armed) must not leave the loop asleep past it.
        await WaitAsync(token => _wake.WaitUntilAsync(dueAt, _time, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many times the loop has started to wait, and whether it waits now (for tests: a loop that waits has done all it could).</summary>
    internal (int Waits, bool Waiting) WaitState => (Volatile.Read(ref _waits), Volatile.Read(ref _waiting));

    private Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(token => _wake.WaitAsync(timeout, _time, token), cancellationToken);

    private async Task WaitAsync(Func<CancellationToken, Task<bool>> wait, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _waiting, true);
        Interlocked.Increment(ref _waits);
        try
        {
            await wait(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _waiting, false);
        }
    }

    private static long Micros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
