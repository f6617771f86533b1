using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Support;

/// <summary>
/// A broker whose stores outlive it, standing in for the data directory, so a test can stop it and start another
/// on the same state. Each run starts a minute after the previous run started.
/// </summary>
internal sealed class RestartingBroker : IDisposable
{
    private static readonly DateTimeOffset FirstStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<BrokerHarness> _crashed = [];
    private int _runs;

    public RestartingBroker() => Current = Open();

    public InMemoryMessageStore Messages { get; } = new();

    public InMemoryStateStore State { get; } = new();

    /// <summary>The running broker.</summary>
    public BrokerHarness Current { get; private set; }

    /// <summary>A graceful stop (disposing writes the final ack checkpoint) and a start on the same stores.</summary>
    public void Restart()
    {
        Current.Dispose();
        Current = Open();
    }

    /// <summary>
    /// A crash: the running broker is abandoned without its final checkpoint (its timers run on a fake clock that
    /// nobody moves any more, so it writes nothing) and another starts on the same stores: a minute after the
    /// previous start, or <paramref name="downtime"/> after the crashed broker's clock.
    /// </summary>
    public void Crash(TimeSpan? downtime = null)
    {
        var crashed = Current;
        _crashed.Add(crashed);
        Current = downtime is { } gap ? Open(crashed.Time.GetUtcNow() + gap) : Open();
    }

    public void Dispose()
    {
        Current.Dispose();
        _crashed.ForEach(broker => broker.Dispose());
    }

    private BrokerHarness Open() => Open(FirstStart.AddMinutes(_runs++));

    private BrokerHarness Open(DateTimeOffset now) => new(store: Messages, state: State, now: now);
}
