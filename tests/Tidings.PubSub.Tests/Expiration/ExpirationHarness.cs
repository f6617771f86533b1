using Tidings.Kernel.Errors;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Expiration;

/// <summary>
/// A broker whose clock may run for weeks: sweeps and checkpoints once an hour, so advancing the fake clock by 31
/// days fires a few hundred timer callbacks, not millions. The in-memory stores outlive the broker, standing in for
/// the data directory across <see cref="Restart"/> and <see cref="Crash"/>. The fake clock runs every callback of one
/// Advance at its end time, so a test that needs a sweep at a particular time advances up to it first.
/// </summary>
internal sealed class ExpirationHarness : IDisposable
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultTtl = SubscriptionSettings.DefaultExpirationTtl;

    private readonly InMemoryMessageStore _messages = new();
    private bool _topicCreated;

    public ExpirationHarness() => Current = Open(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public BrokerHarness Current { get; private set; }

    public InMemoryStateStore State { get; } = new();

    public PubSubBroker Broker => Current.Broker;

    public void Advance(TimeSpan delta) => Current.Time.Advance(delta);

    public bool Exists(string subscriptionId)
    {
        try
        {
            Broker.GetSubscription(BrokerHarness.SubscriptionName(subscriptionId));
            return true;
        }
        catch (TidingsException error) when (error.Code == ErrorCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>A subscription of topic "orders" (created with the first one) with the given ttl; null: never expires.</summary>
    public Subscription CreateSubscription(string id, TimeSpan? ttl) => CreateSubscription(id, ttl, pushConfig: null);

    /// <summary>As <see cref="CreateSubscription(string, TimeSpan?)"/>, pushing to <paramref name="pushConfig"/> if given.</summary>
    public Subscription CreateSubscription(string id, TimeSpan? ttl, PushConfig? pushConfig)
    {
        if (!_topicCreated)
        {
            Current.CreateTopic("orders");
            _topicCreated = true;
        }
        // A day of retention, so ttls down to the minimum of a day are valid.
        return Current.CreateSubscription(id, "orders", settings => settings with { ExpirationTtl = ttl, MessageRetentionDuration = TimeSpan.FromDays(1), PushConfig = pushConfig });
    }

    /// <summary>A graceful stop, and a start <paramref name="downtime"/> later.</summary>
    public void Restart(TimeSpan downtime)
    {
        var stoppedAt = Current.Time.GetUtcNow();
        Current.Dispose();
        Current = Open(stoppedAt + downtime);
    }

    /// <summary>
    /// The process dies: nothing more is written (the old broker's timers stay on its own clock, which nobody moves
    /// again), and a new one starts <paramref name="downtime"/> later over what was on disk.
    /// </summary>
    public void Crash(TimeSpan downtime) => Current = Open(Current.Time.GetUtcNow() + downtime);

    /// <summary>Keys of the last-activity records stored (the clock's included).</summary>
    public IEnumerable<string> ActivityKeys => State.LoadAll(ActivityDocuments.ActivityKind).Select(document => document.Key);

    private BrokerHarness Open(DateTimeOffset now) =>
        new(new PubSubOptions { ExpirySweepInterval = SweepInterval, AckCheckpointInterval = SweepInterval }, _messages, State, now);

    public void Dispose() => Current.Dispose();
}
