using Google.Cloud.Iam.V1;
using Google.Cloud.Tasks.V2;
using Tidings.Kernel.Monitoring;
using Tidings.Kernel.Names;
using Tidings.Tasks.Dispatch;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Tasks.Queues;

/// <summary>
/// A queue the engine holds: its definition as GetQueue answers it (replaced whole, never changed in place, so
/// readers need no lock), its IAM policy, its dispatcher, and a gate that lets DeleteQueue wait for the task writes
/// already admitted, so no task is written into a queue after its tasks were deleted.
/// </summary>
internal sealed class QueueEntry(ResourcePath name, Queue definition, Policy? policy)
{
    private readonly Lock _gate = new();
    private Queue _definition = definition;
    private int _writers;
    private bool _closed;
    private TaskCompletionSource? _drained;

    public ResourcePath Name { get; } = name;

    public Queue Definition
    {
        get => Volatile.Read(ref _definition);
        set => Volatile.Write(ref _definition, value);
    }

    /// <summary>The queue's IAM policy; null until one is set. Read and written under the engine's admin gate.</summary>
    public Policy? Policy { get; set; } = policy;

    public QueueDispatcher Dispatcher { get; set; } = null!;

    /// <summary>The queue's attempts by result since the server started, for metrics and the console.</summary>
    public ResultCounters Attempts { get; } = new();

    /// <summary>True once DeleteQueue started: the queue takes no new tasks and answers as missing.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Admits a task write; false once the queue is being deleted. Pair with <see cref="ExitWrite"/>.</summary>
    public bool TryEnterWrite()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            _writers++;
            return true;
        }
    }

    public void ExitWrite()
    {
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            if (--_writers == 0 && _closed)
            {
                drained = _drained;
            }
        }
        drained?.TrySetResult();
    }

    /// <summary>Admits no more task writes and completes once those admitted have finished.</summary>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            _closed = true;
            if (_writers == 0)
            {
                return Task.CompletedTask;
            }
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }
}
