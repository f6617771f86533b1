using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Tests.Expiration;

/// <summary>A failed store write during a sweep is logged and the deletion tried again at the next sweep; nothing is half-deleted.</summary>
public sealed class SweepFailureTests : IDisposable
{
    private static readonly TimeSpan Sweep = TimeSpan.FromHours(1);
    private readonly HookedStateStore _state = new();
    private readonly BrokerHarness _harness;

    public SweepFailureTests() =>
        _harness = new BrokerHarness(new PubSubOptions { ExpirySweepInterval = Sweep, AckCheckpointInterval = Sweep }, state: _state);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void DeletionWriteFails_SubscriptionStays_AndIsDeletedAtTheNextSweep()
    {
        _harness.CreateTopic("orders");
        var subscription = _harness.CreateSubscription("idle", "orders", settings => settings with
        {
            ExpirationTtl = TimeSpan.FromDays(1),
            MessageRetentionDuration = TimeSpan.FromDays(1),
        });
        // In steps of one sweep: the fake clock runs every callback of one Advance at its end time.
        _harness.Time.Advance(TimeSpan.FromDays(1) - Sweep);
        _state.BeforeNextApply(
            batch => batch.Any(change => change.Kind == PubSubDocuments.SubscriptionKind && change.Value is null),
            () => throw new StorageFailedException("disk gone"));

        _harness.Time.Advance(Sweep);

        Assert.True(_harness.Broker.IsCurrent(subscription));
        Assert.Single(_state.LoadAll(PubSubDocuments.SubscriptionKind));
        Assert.Single(_harness.Logger.Entries, entry => entry.EventId.Id == 1502);

        _harness.Time.Advance(Sweep);

        Assert.False(_harness.Broker.IsCurrent(subscription));
        Assert.Empty(_state.LoadAll(PubSubDocuments.SubscriptionKind));
    }
}
