using Google.Cloud.Scheduler.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Tidings.PubSub;
using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.Scheduler.Tests.Support;

/// <summary>
/// A Scheduler engine over in-memory stores (or a given state store), a fake deliverer, an in-process Pub/Sub engine
/// and a fake clock that moves only when a test advances it. Work the engine does on its own tasks after an advance
/// is awaited with <see cref="Eventually"/>.
/// </summary>
internal sealed class SchedulerHarness : IDisposable
{
    public const string Parent = "projects/p/locations/l";

    /// <summary>Thursday 1 January 2026, 00:00:30 UTC: half a minute before the first every-minute instant.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 30, TimeSpan.Zero);

    public SchedulerHarness(IStateStore? state = null, SchedulerOptions? options = null, FakeTimeProvider? time = null, FakeDeliverer? deliverer = null)
    {
        Time = time ?? new FakeTimeProvider(Start);
        Deliverer = deliverer ?? new FakeDeliverer();
        State = state ?? new InMemoryStateStore();
        PubSub = new PubSubBroker(new InMemoryMessageStore(), new InMemoryStateStore(), Deliverer, Time, new PubSubOptions());
        Engine = new SchedulerEngine(State, Deliverer, PubSub, Time, options ?? new SchedulerOptions());
    }

    public FakeTimeProvider Time { get; }

    public FakeDeliverer Deliverer { get; }

    public IStateStore State { get; }

    public PubSubBroker PubSub { get; }

    public SchedulerEngine Engine { get; }

    public static string JobName(string id) => $"{Parent}/jobs/{id}";

    public static Job HttpJob(string id, string schedule = "* * * * *", string timeZone = "", RetryConfig? retry = null) => new()
    {
        Name = JobName(id),
        Schedule = schedule,
        TimeZone = timeZone,
        RetryConfig = retry,
        HttpTarget = new HttpTarget { Uri = "http://receiver.test/hook" },
    };

    public Task<Job> CreateAsync(Job job) => Engine.CreateJobAsync(Parent, job);

    public Job Get(string id) => Engine.GetJob(JobName(id));

    /// <summary>Moves the clock to <paramref name="instant"/> (which must not be in its past).</summary>
    public void AdvanceTo(DateTimeOffset instant) => Time.Advance(instant - Time.GetUtcNow());

    /// <summary>Waits until the deliverer has seen <paramref name="count"/> requests.</summary>
    public Task RequestsAsync(int count) => Eventually.TrueAsync(() => Deliverer.Count >= count, $"{count} requests (got {Deliverer.Count})");

    /// <summary>Waits until every attempt under way has been recorded.</summary>
    public Task SettledAsync() => Eventually.TrueAsync(() => Engine.AttemptsInFlight == 0, "attempts to finish");

    public static Duration Seconds(double seconds) => Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));

    public static ByteString Bytes(string text) => ByteString.CopyFromUtf8(text);

    public void Dispose()
    {
        Engine.Dispose();
        PubSub.Dispose();
    }
}
