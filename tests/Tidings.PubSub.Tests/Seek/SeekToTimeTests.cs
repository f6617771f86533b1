using Tidings.Kernel.Errors;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Seek;

/// <summary>
/// Seek to a time: retained messages published at or after it become unacked, earlier ones acked; a time ahead of
/// the clock empties the backlog. Only retained messages come back (topic retention or retain_acked_messages).
/// </summary>
public sealed class SeekToTimeTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private readonly BrokerHarness _harness = new();
    private readonly DateTimeOffset _start;

    public SeekToTimeTests()
    {
        _harness.CreateTopic("orders");
        _start = _harness.Time.GetUtcNow();
    }

    [Fact]
    public async Task Seek_RetainAckedToPastTime_ReplaysMessagesFromThatTime()
    {
        CreateRetainingSubscription("sub");
        await _harness.PublishAsync("orders", "a");
        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        var second = _harness.Time.GetUtcNow();
        await _harness.PublishAsync("orders", "b", "c");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));

        await Seek("sub", second);
        Assert.Equal(["b", "c"], await PullTextsAsync("sub"));

        await Seek("sub", _start);
        Assert.Equal(["a", "b", "c"], await PullTextsAsync("sub"));
    }

    [Fact]
    public async Task Seek_ToTheFuture_EmptiesTheBacklog()
    {
        var subscription = _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b", "c");
        _ = await _harness.PullNowAsync("sub", 1); // a lease outstanding at the seek

        await Seek("sub", _harness.Time.GetUtcNow() + TimeSpan.FromDays(1));

        Assert.Equal(0, subscription.BacklogCount());
        Assert.Empty(await _harness.PullNowAsync("sub"));
        await _harness.PublishAsync("orders", "later");
        Assert.Equal(["later"], await PullTextsAsync("sub"));
    }

    [Fact]
    public async Task Seek_WithoutRetention_AckedMessagesStayAckedAndEarlierUnackedOnesAreAcked()
    {
        var subscription = _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "acked", "unacked-before");
        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        var time = _harness.Time.GetUtcNow();
        await _harness.PublishAsync("orders", "after");
        var first = await _harness.PullNowAsync("sub", 1);
        _harness.Ack("sub", first);

        await Seek("sub", _start);
        Assert.Equal(["unacked-before", "after"], await PullTextsAsync("sub", ack: false));

        await Seek("sub", time);
        Assert.Equal(["after"], await PullTextsAsync("sub"));
        Assert.Equal(0, subscription.BacklogCount());
    }

    [Fact]
    public async Task Seek_OutstandingAckIds_NoLongerAck()
    {
        CreateRetainingSubscription("sub");
        await _harness.PublishAsync("orders", "a");
        var before = await _harness.PullNowAsync("sub");

        await Seek("sub", _start);
        _harness.Ack("sub", before);

        var again = await PullTextsAsync("sub", ack: false);
        Assert.Equal(["a"], again);
    }

    [Fact]
    public async Task Seek_TopicRetention_NewSubscriptionSeeksBackBeforeItsCreation()
    {
        _harness.Broker.UpdateTopic(BrokerHarness.TopicName("orders"), settings => settings with { MessageRetentionDuration = Retention });
        await _harness.PublishAsync("orders", "old");
        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        _harness.CreateSubscription("sub", "orders");

        await Seek("sub", _start);

        Assert.Equal(["old"], await PullTextsAsync("sub"));
    }

    [Fact]
    public async Task Seek_RetainAckedBeforeCreation_RestoresNothingFromBeforeIt()
    {
        _harness.CreateSubscription("holder", "orders");
        await _harness.PublishAsync("orders", "before");
        CreateRetainingSubscription("sub");
        await _harness.PublishAsync("orders", "after");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));

        await Seek("sub", _start);

        Assert.Equal(["after"], await PullTextsAsync("sub"));
    }

    [Fact]
    public async Task Seek_PastRetention_ExpungedMessagesDoNotComeBack()
    {
        CreateRetainingSubscription("sub", TimeSpan.FromMinutes(10));
        await _harness.PublishAsync("orders", "expired");
        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        await _harness.PublishAsync("orders", "kept");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromMinutes(6));
        _harness.Broker.SweepRetention();

        await Seek("sub", _start);

        Assert.Equal(["kept"], await PullTextsAsync("sub"));
    }

    [Fact]
    public async Task Seek_OrderedSubscription_ReplaysInOrder()
    {
        _harness.CreateSubscription("sub", "orders", settings => settings with { EnableMessageOrdering = true, RetainAckedMessages = true });
        await _harness.PublishKeyedAsync("orders", "k:1", "k:2", "k:3");
        Assert.Equal(["k:1", "k:2", "k:3"], await DrainTextsAsync("sub"));

        await Seek("sub", _start);

        Assert.Equal(["k:1", "k:2", "k:3"], await DrainTextsAsync("sub"));
    }

    [Fact]
    public async Task Seek_ExactlyOnce_OldAckIdIsInvalid()
    {
        _harness.CreateSubscription("sub", "orders", settings => settings with { EnableExactlyOnceDelivery = true, RetainAckedMessages = true });
        await _harness.PublishAsync("orders", "a");
        var before = await _harness.PullNowAsync("sub");

        await Seek("sub", _start);

        var error = await PubSubAssert.ThrowsAsync(ErrorCode.InvalidArgument, () => _harness.AckAsync("sub", before));
        Assert.NotNull(error.Info);
        Assert.Equal(["a"], await PullTextsAsync("sub", ack: false));
    }

    [Fact]
    public async Task Seek_MissingSubscription_NotFound() =>
        await PubSubAssert.ThrowsAsync(ErrorCode.NotFound, () => Seek("nope", _start));

    [Fact]
    public async Task Seek_DetachedSubscription_FailedPrecondition()
    {
        _harness.CreateSubscription("sub", "orders");
        _harness.Broker.DetachSubscription(BrokerHarness.SubscriptionName("sub"));

        await PubSubAssert.ThrowsAsync(ErrorCode.FailedPrecondition, () => Seek("sub", _start));
    }

    private void CreateRetainingSubscription(string id, TimeSpan? retention = null) =>
        _harness.CreateSubscription(id, "orders", settings => settings with { RetainAckedMessages = true, MessageRetentionDuration = retention ?? Retention });

    private Task Seek(string subscriptionId, DateTimeOffset time) => _harness.Broker.SeekAsync(BrokerHarness.SubscriptionName(subscriptionId), time);

    private async Task<string[]> PullTextsAsync(string subscriptionId, bool ack = true)
    {
        var messages = await _harness.PullNowAsync(subscriptionId);
        if (ack)
        {
            _harness.Ack(subscriptionId, messages);
        }
        return [.. messages.Select(BrokerHarness.Text)];
    }

    /// <summary>Pulls and acks until nothing comes (a unary Pull holds one message per ordering key at a time).</summary>
    private async Task<List<string>> DrainTextsAsync(string subscriptionId)
    {
        var texts = new List<string>();
        while (await PullTextsAsync(subscriptionId) is { Length: > 0 } batch)
        {
            texts.AddRange(batch);
        }
        return texts;
    }

    public void Dispose() => _harness.Dispose();
}
