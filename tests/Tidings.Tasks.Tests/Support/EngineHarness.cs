using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Tidings.Storage.InMemory;
using Tidings.Storage.Sqlite;
using Tidings.Storage.State;
using Tidings.Storage.Tasks;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tests.Support;

/// <summary>
/// A started engine over in-memory stores (or SQLite ones in a directory, to reopen), a fake clock and a fake
/// deliverer, with short-hands for the calls tests make. Each harness has its own project.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private EngineHarness(CloudTasksEngine engine, FakeTimeProvider time, FakeDeliverer deliverer, ITaskStore tasks, IStateStore state)
    {
        Engine = engine;
        Time = time;
        Deliverer = deliverer;
        Tasks = tasks;
        State = state;
    }

    public CloudTasksEngine Engine { get; }

    public FakeTimeProvider Time { get; }

    public FakeDeliverer Deliverer { get; }

    public ITaskStore Tasks { get; }

    public IStateStore State { get; }

    public string Location { get; } = "projects/p/locations/us-central1";

    /// <param name="wrap">Puts a decorator around the in-memory task store (to observe the engine's calls).</param>
    public static Task<EngineHarness> StartAsync(TaskStoreOptions? storeOptions = null, TasksOptions? options = null, Func<ITaskStore, ITaskStore>? wrap = null) =>
        StartAsync(new FakeTimeProvider(Start), new FakeDeliverer(), time =>
        {
            ITaskStore tasks = new InMemoryTaskStore(storeOptions ?? new TaskStoreOptions(), time);
            return (new InMemoryStateStore(), wrap?.Invoke(tasks) ?? tasks);
        }, options);

    /// <summary>An engine over SQLite stores in <paramref name="directory"/>: disposing and starting again is a restart.</summary>
    public static Task<EngineHarness> StartDurableAsync(string directory, FakeTimeProvider time, FakeDeliverer deliverer, TasksOptions? options = null) =>
        StartAsync(time, deliverer, clock => (
            new SqliteStateStore(Path.Combine(directory, "state.db")),
            new SqliteTaskStore(new SqliteStoreOptions(Path.Combine(directory, "tasks.db")), new TaskStoreOptions(), clock)), options);

    private static async Task<EngineHarness> StartAsync(FakeTimeProvider time, FakeDeliverer deliverer,
        Func<TimeProvider, (IStateStore State, ITaskStore Tasks)> stores, TasksOptions? options)
    {
        var (state, tasks) = stores(time);
        deliverer.Clock = time;
        var engine = new CloudTasksEngine(state, tasks, deliverer, time, options ?? new TasksOptions());
        await engine.StartAsync(CancellationToken.None);
        return new EngineHarness(engine, time, deliverer, tasks, state);
    }

    public string QueueName(string id) => $"{Location}/queues/{id}";

    public string TaskName(string queue, string id) => $"{QueueName(queue)}/tasks/{id}";

    public Task<Queue> CreateQueueAsync(string id, Action<Queue>? configure = null)
    {
        var queue = new Queue { Name = QueueName(id) };
        configure?.Invoke(queue);
        return Engine.CreateQueueAsync(Location, queue, CancellationToken.None);
    }

    /// <summary>An HTTP task (POST to http://target.test/work with a small body) in the queue; named when <paramref name="id"/> is given.</summary>
    public Task<CloudTask> CreateHttpTaskAsync(string queue, string? id = null, Action<CloudTask>? configure = null)
    {
        var task = new CloudTask
        {
            HttpRequest = new HttpRequest { Url = "http://target.test/work", Body = ByteString.CopyFromUtf8("{\"n\":1}") },
        };
        if (id is not null)
        {
            task.Name = TaskName(queue, id);
        }
        configure?.Invoke(task);
        return Engine.CreateTaskAsync(QueueName(queue), task, CloudTask.Types.View.Full, CancellationToken.None);
    }

    public Task<CloudTask> GetTaskAsync(string name) => Engine.GetTaskAsync(name, CloudTask.Types.View.Full, CancellationToken.None);

    /// <summary>Waits until the deliverer has seen <paramref name="count"/> requests.</summary>
    public Task WaitForRequestsAsync(int count) => Eventually.TrueAsync(() => Deliverer.Count >= count, $"{count} dispatches (have {Deliverer.Count})");

    /// <summary>Waits until no attempt of the queue is in flight, so every outcome so far is written.</summary>
    public Task WaitIdleAsync(string queue) =>
        Eventually.TrueAsync(() => Engine.FindDispatcher(QueueName(queue))?.InFlightCount == 0, $"queue {queue} idle");

    /// <summary>Waits for <paramref name="count"/> requests, then for their outcomes to be written.</summary>
    public async Task WaitForAttemptsAsync(string queue, int count)
    {
        await WaitForRequestsAsync(count);
        await WaitIdleAsync(queue);
    }

    /// <summary>
    /// Waits until the queue's loop waits again after at least one more round than <paramref name="waitsBefore"/>
    /// (from <see cref="WaitState"/>), with no attempt in flight: all it could do on the clock's time is done.
    /// </summary>
    public Task WaitSettledAsync(string queue, int waitsBefore) => Eventually.TrueAsync(() =>
    {
        var dispatcher = Engine.FindDispatcher(QueueName(queue))!;
        var (waits, waiting) = dispatcher.WaitState;
        return waiting && waits > waitsBefore && dispatcher.InFlightCount == 0;
    }, $"queue {queue} settled");

    public int WaitState(string queue) => Engine.FindDispatcher(QueueName(queue))!.WaitState.Waits;

    public static Duration Seconds(double seconds) => Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));

    public ValueTask DisposeAsync() => DisposeEngineAsync();

    private async ValueTask DisposeEngineAsync()
    {
        await Engine.DisposeAsync();
        Tasks.Dispose();
        State.Dispose();
    }
}
