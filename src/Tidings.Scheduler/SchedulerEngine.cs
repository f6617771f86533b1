using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tidings.Delivery;
using Tidings.Kernel.Signals;
using Tidings.PubSub;
using Tidings.Scheduler.Execution;
using Tidings.Scheduler.Jobs;
using Tidings.Scheduler.Monitoring;
using Tidings.Scheduler.Persistence;
using Tidings.Storage.State;

namespace Tidings.Scheduler;

/// <summary>
/// The Cloud Scheduler engine: jobs, their schedules, and one timer loop that fires them. Thread-safe.
/// </summary>
/// <remarks>
/// One lock (<c>_lock</c>) guards the job registry, the fire queue and every job's state; it is held for
/// bookkeeping only, never across I/O. Lock order: the engine's lock, then the journal's. The loop keeps one
/// priority queue of due times (a job's next cron instant or its next retry), so thousands of jobs cost one
/// timer; entries go stale by generation instead of being removed. Attempts run on the thread pool, and a
/// scheduled run's next instant is queued only when the run has ended, so runs of one job never overlap.
/// </remarks>
public sealed partial class SchedulerEngine : IDisposable
{
    /// <summary>The loop wakes at least this often, so a wall clock that jumps is noticed.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ScheduledJob> _jobs = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(ScheduledJob Job, long Generation), DateTimeOffset> _queue = new();
    private readonly HashSet<Task> _attempts = [];
    private readonly AsyncSignal _wake = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly JobJournal _journal;
    private readonly TargetDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly JobAttemptReporter _attemptReporter = new();
    private int _disposed;

    /// <summary>Opens the engine over its state store, recovering every job, and starts its timer loop.</summary>
    /// <param name="pubSub">The Pub/Sub engine that Pub/Sub targets publish into.</param>
    public SchedulerEngine(IStateStore state, IHttpDeliverer deliverer, PubSubBroker pubSub, TimeProvider time, SchedulerOptions options, ILogger<SchedulerEngine>? logger = null)
        : this(state, deliverer, new BrokerTargetPublisher(pubSub), time, options, logger)
    {
    }

    /// <summary>Opens the engine as above, its Pub/Sub targets published through <paramref name="pubSub"/>.</summary>
    /// <param name="pubSub">Where Pub/Sub targets publish: in process, or the cluster node that runs Pub/Sub.</param>
    public SchedulerEngine(IStateStore state, IHttpDeliverer deliverer, IPubSubTargetPublisher pubSub, TimeProvider time, SchedulerOptions options, ILogger<SchedulerEngine>? logger = null)
    {
        _time = time;
        Options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _journal = new JobJournal(state, _logger);
        _dispatcher = new TargetDispatcher(deliverer, pubSub, options);
        Recover(state);
        _loop = Task.Run(RunLoopAsync);
    }

    public SchedulerOptions Options { get; }

    /// <summary>Raised once per finished job attempt (scheduled, retry or manual), on the attempt's thread, for execution logs.</summary>
    public event Action<JobAttemptRecord>? AttemptFinished
    {
        add => _attemptReporter.Finished += value;
        remove => _attemptReporter.Finished -= value;
    }

    internal int JobCount
    {
        get
        {
            lock (_lock)
            {
                return _jobs.Count;
            }
        }
    }

    /// <summary>Attempts under way (scheduled and manual); for tests.</summary>
    internal int AttemptsInFlight
    {
        get
        {
            lock (_lock)
            {
                return _attempts.Count;
            }
        }
    }

    /// <summary>Queues the job at its due time, if it has one. Lock held.</summary>
    private void Enqueue(ScheduledJob job)
    {
        job.Generation++;
        if (job.DueTime is { } due)
        {
            _queue.Enqueue((job, job.Generation), due);
            _wake.Set();
        }
    }

    /// <summary>Stages the job's document (or its deletion) for the next journal write, or holds it back while an RPC's change is in its write. Lock held.</summary>
    private void Stage(ScheduledJob job)
    {
        if (job.ChangeInWrite is not null)
        {
            job.RecordHeldBack = true;
            return;
        }
        _journal.Stage(Document(job));
    }

    private static StateChange Document(ScheduledJob job) => job.IsDeleted ? JobDocuments.Delete(job) : JobDocuments.Put(job);

    /// <summary>Stops the loop, ends attempts under way (recorded as interrupted) and writes what is staged.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stopping.Cancel();
        try
        {
            _loop.Wait();
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation.
        }
        Task[] attempts;
        lock (_lock)
        {
            attempts = [.. _attempts];
        }
        try
        {
            Task.WaitAll(attempts, TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Attempts record their own outcome; one that failed has nothing left to wait for.
        }
        _journal.Dispose();
        _stopping.Dispose();
    }
}
