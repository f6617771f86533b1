using System.Text;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Inspection;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Inspection;

/// <summary>Peeking at a subscription's unacknowledged messages changes nothing about their delivery.</summary>
public sealed class PeekTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public PeekTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
    }

    [Fact]
    public async Task Peek_UnackedMessages_ReturnsThemOldestFirstAndTheyStayDeliverable()
    {
        var ids = await _harness.PublishAsync("orders", "a", "b", "c");

        var peeked = _harness.Broker.PeekMessages(BrokerHarness.SubscriptionName("sub"), 10);
        var pulled = await _harness.PullNowAsync("sub");

        Assert.Equal(ids, peeked.Select(message => message.MessageId));
        Assert.Equal(["a", "b", "c"], peeked.Select(Text));
        Assert.All(peeked, message => Assert.Equal((PeekedMessageState.Waiting, 0), (message.State, message.DeliveryAttempts)));
        Assert.Equal(["a", "b", "c"], pulled.Select(BrokerHarness.Text));
        Assert.All(pulled, message => Assert.Equal(1, message.DeliveryAttempt));
    }

    [Fact]
    public async Task Peek_AfterPullAckAndNack_ShowsLeasedAndRedeliveryStatesWithoutAcked()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");
        var pulled = await _harness.PullNowAsync("sub", 3);
        _harness.Ack("sub", pulled[0]);
        _harness.Nack("sub", pulled[2]);

        var peeked = _harness.Broker.PeekMessages(BrokerHarness.SubscriptionName("sub"), 10);

        Assert.Equal(["b", "c"], peeked.Select(Text));
        Assert.Equal((PeekedMessageState.Leased, 1), (peeked[0].State, peeked[0].DeliveryAttempts));
        Assert.Equal((PeekedMessageState.Redelivery, 1), (peeked[1].State, peeked[1].DeliveryAttempts));
        Assert.Equal(["c"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Peek_MaxMessages_LimitsAndCapsTheAnswer()
    {
        await _harness.PublishManyAsync("orders", PubSubBroker.MaxPeekMessages + 5);

        Assert.Equal(2, _harness.Broker.PeekMessages(BrokerHarness.SubscriptionName("sub"), 2).Count);
        Assert.Equal(PubSubBroker.MaxPeekMessages, _harness.Broker.PeekMessages(BrokerHarness.SubscriptionName("sub"), 1000).Count);
    }

    [Fact]
    public async Task Peek_FilteredSubscription_LeavesOutWhatTheFilterDrops()
    {
        _harness.CreateSubscription("europe", "orders", settings => settings with { Filter = "attributes.region = \"eu\"" });
        await _harness.Broker.PublishAsync(BrokerHarness.TopicName("orders"),
            [BrokerHarness.Message("x", ("region", "us")), BrokerHarness.Message("y", ("region", "eu"))], 0, CancellationToken.None);

        var peeked = _harness.Broker.PeekMessages(BrokerHarness.SubscriptionName("europe"), 10);

        Assert.Equal(["y"], peeked.Select(Text));
    }

    [Fact]
    public void Peek_MaxMessagesZero_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => _harness.Broker.PeekMessages(BrokerHarness.SubscriptionName("sub"), 0));
    }

    [Fact]
    public void Peek_MissingSubscription_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.PeekMessages(BrokerHarness.SubscriptionName("gone"), 1));
    }

    [Fact]
    public void ListProjects_NamesEveryProjectWithAResourceOnce()
    {
        _harness.Broker.CreateTopic("projects/other/topics/invoices", new Resources.TopicSettings());

        Assert.Equal(["other", "p"], _harness.Broker.ListProjects());
    }

    private static string Text(PeekedMessage message) => Encoding.UTF8.GetString(message.Message.Data.Span);

    public void Dispose() => _harness.Dispose();
}
