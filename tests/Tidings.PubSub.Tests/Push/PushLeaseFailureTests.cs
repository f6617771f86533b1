using Microsoft.Extensions.Logging;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Push;

/// <summary>
/// A storage failure while a push dispatcher leases (the log read throws) is logged and backed off like a failed
/// push, and pushing resumes. Regression: the exception ended the dispatcher's loop, and that subscription never
/// pushed again until a restart.
/// </summary>
public sealed class PushLeaseFailureTests : IDisposable
{
    private readonly FailingReadMessageStore _store = new();
    private readonly BrokerHarness _harness;

    public PushLeaseFailureTests() => _harness = new BrokerHarness(store: _store);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Lease_ReadFails_LogsBacksOffAndResumes()
    {
        _harness.CreateTopic("orders");
        var subscription = _harness.Broker.CreateSubscription(BrokerHarness.SubscriptionName("pusher"), new SubscriptionSettings
        {
            Topic = BrokerHarness.TopicName("orders"),
            PushConfig = new PushConfig { PushEndpoint = "https://receiver.example/push" },
        });
        _store.FailNextReads(1);

        await _harness.PublishAsync("orders", "survives");

        await Eventually.TrueAsync(() => _harness.Logger.Entries.Any(e => e.Level == LogLevel.Error && e.Exception is Storage.Messages.StorageFailedException),
            "the failed lease was logged");
        Assert.Empty(_harness.Deliverer.Requests);
        Assert.Equal(1, subscription.BacklogCount());

        _harness.Time.Advance(TimeSpan.FromMilliseconds(100)); // the first backoff step

        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the message was pushed after the backoff");
        Assert.Single(_harness.Deliverer.Requests);
        Assert.Equal(1, _store.FailedReads);
    }
}
