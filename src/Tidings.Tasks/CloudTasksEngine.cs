using System.Collections.Concurrent;
using Google.Cloud.Iam.V1;
using Google.Cloud.Tasks.V2;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tidings.Delivery;
using Tidings.Kernel.Names;
using Tidings.Storage.Messages;
using Tidings.Storage.State;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Dispatch;
using Tidings.Tasks.Errors;
using Tidings.Tasks.Monitoring;
using Tidings.Tasks.Names;
using Tidings.Tasks.Persistence;
using Tidings.Tasks.Queues;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Tasks;

/// <summary>
/// The Cloud Tasks engine: queues (kept in the state store), their tasks (in the task store) and a dispatcher per
/// queue. Google's messages are its model at the boundary; every refusal is a <see cref="Kernel.Errors.TidingsException"/>
/// from <see cref="TasksErrors"/>. Thread-safe. Queue changes run one at a time under <see cref="_admin"/> and are
/// written to the state store before they take effect; task calls take no engine-wide lock (the task store orders
/// them, and each queue's gate keeps task writes out of a queue being deleted).
/// </summary>
public sealed partial class CloudTasksEngine : IAsyncDisposable
{
    private static readonly TimeSpan SweepRetryDelay = TimeSpan.FromSeconds(10);
    private const int SweepBatch = 1000;

    private readonly SemaphoreSlim _admin = new(1, 1);
    private readonly ConcurrentDictionary<string, QueueEntry> _queues = new(StringComparer.Ordinal);
    private readonly IStateStore _state;
    private readonly ITaskStore _tasks;
    private readonly IHttpDeliverer _deliverer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DispatchSlots _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskAttemptReporter _attemptReporter = new();
    private Task _sweeper = Task.CompletedTask;

    /// <param name="deliverer">Sends the tasks' HTTP requests.</param>
    public CloudTasksEngine(IStateStore state, ITaskStore tasks, IHttpDeliverer deliverer, TimeProvider time, TasksOptions options,
        ILogger<CloudTasksEngine>? logger = null)
    {
        _state = state;
        _tasks = tasks;
        _deliverer = deliverer;
        _time = time;
        Options = options;
        _slots = new DispatchSlots(options.MaxConcurrentDispatches);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public TasksOptions Options { get; }

    /// <summary>Raised once per finished task attempt, on the attempt's thread, for execution logs; keep handlers quick.</summary>
    public event Action<TaskAttemptRecord>? AttemptFinished
    {
        add => _attemptReporter.Finished += value;
        remove => _attemptReporter.Finished -= value;
    }

    public TimeProvider Time => _time;

    internal int QueueCount => _queues.Count;

    /// <summary>
    /// Loads the queues from the state store, finishes a queue deletion a stop interrupted, and starts dispatching
    /// (claims a previous run left behind first). Call once, before any other call.
    /// </summary>
    /// <exception cref="InvalidDataException">A queue record written by a newer Tidings, or damaged.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var document in _state.LoadAll(QueueDocuments.Kind))
        {
            var (queue, policy) = QueueDocuments.Read(document);
            if (!TasksNames.Queue.TryParse(queue.Name, out var name) || name.FullName != document.Key)
            {
                throw new InvalidDataException($"The {QueueDocuments.Kind} record '{document.Key}' names the queue '{queue.Name}'.");
            }
            if (await _tasks.IsQueueNameReservedAsync(name.FullName, cancellationToken).ConfigureAwait(false))
            {
                // DeleteQueue deletes the tasks (reserving the name) before the record: the record is all that is left.
                _state.Apply([QueueDocuments.Delete(name.FullName)]);
                TasksLog.InterruptedDeleteFinished(_logger, name.FullName);
                continue;
            }
            Open(name, queue, policy, recover: true);
        }
        _sweeper = Task.Run(() => SweepTombstonesAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Stops every dispatcher (attempts in flight are cancelled and dispatched again by the next run).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sweeper.ConfigureAwait(false);
        foreach (var queue in _queues.Values)
        {
            await queue.Dispatcher.DisposeAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
        _admin.Dispose();
    }

    /// <summary>The dispatcher of a queue (for tests).</summary>
    internal QueueDispatcher? FindDispatcher(string queueName) => _queues.TryGetValue(queueName, out var entry) ? entry.Dispatcher : null;

    private QueueEntry Open(ResourcePath name, Queue definition, Policy? policy, bool recover)
    {
        var entry = new QueueEntry(name, definition, policy);
        entry.Dispatcher = new QueueDispatcher(entry, _slots, _tasks, _deliverer, _time, Options, _logger, _attemptReporter);
        _queues[name.FullName] = entry;
        entry.Dispatcher.Start(recover);
        return entry;
    }

    /// <summary>The queue, unless it is missing or being deleted.</summary>
    private bool TryGetQueue(ResourcePath name, out QueueEntry entry) =>
        _queues.TryGetValue(name.FullName, out entry!) && !entry.IsClosed;

    private QueueEntry RequireQueue(ResourcePath name) => TryGetQueue(name, out var entry) ? entry : throw TasksErrors.QueueNotFound();

    private static ResourcePath ParseQueueName(string? name) =>
        TasksNames.Queue.TryParse(name, out var path) ? path : throw TasksErrors.InvalidQueueName();

    private static ResourcePath ParseLocationName(string? name) =>
        TasksNames.Location.TryParse(name, out var path) ? path : throw TasksErrors.InvalidLocationName();

    /// <summary>Reclaims the space of expired name tombstones now and then; they reserve nothing already.</summary>
    private async Task SweepTombstonesAsync(CancellationToken cancellationToken)
    {
        var delay = Options.TombstoneCleanupInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                int removed;
                do
                {
                    removed = await _tasks.RemoveExpiredTombstonesAsync(SweepBatch, cancellationToken).ConfigureAwait(false);
                    if (removed > 0)
                    {
                        TasksLog.TombstonesRemoved(_logger, removed);
                    }
                }
                while (removed == SweepBatch);
                delay = Options.TombstoneCleanupInterval;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is StorageFailedException or StorageFullException)
            {
                TasksLog.TombstoneCleanupFailed(_logger, exception);
                delay = SweepRetryDelay;
            }
        }
    }
}
