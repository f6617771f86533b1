using System.Buffers.Binary;
using System.Text;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>State written before records carried a format version still loads, as version 1.</summary>
public sealed class UnversionedRecordsTests
{
    private const string Topic = "projects/p/topics/orders";
    private const string SubscriptionName = "projects/p/subscriptions/billing";

    [Fact]
    public async Task Recovery_RecordsWithoutVersion_LoadAsVersionOne()
    {
        var messages = new InMemoryMessageStore();
        var log = messages.CreateLog();
        var published = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        await log.AppendAsync([.. new[] { "a", "b", "c" }.Select(text => new StoredMessage(Encoding.UTF8.GetBytes(text), [], "", published))], CancellationToken.None);
        var state = new InMemoryStateStore();
        state.Apply([
            StateChange.Put(PubSubDocuments.TopicKind, Topic, Json($$$$"""{"LogId":{{{{log.LogId}}}},"Settings":{"Labels":{"team":"core"}}}""")),
            StateChange.Put(PubSubDocuments.SubscriptionKind, SubscriptionName, Json(
                $$$"""{"Id":7,"LogId":{{{log.LogId}}},"TopicDeleted":false,"Detached":false,"Settings":{"Topic":"{{{Topic}}}","AckDeadlineSeconds":30}}""")),
            StateChange.Put(PubSubDocuments.AckKind, "00000000000000000007", UnversionedAckState(floor: 1, ackedAbove: [2])),
            StateChange.Put(PubSubDocuments.MetaKind, PubSubDocuments.LastSubscriptionIdKey, Json("9")),
        ]);

        using var harness = new BrokerHarness(store: messages, state: state);

        Assert.Equal("core", harness.Broker.GetTopic(Topic).Settings.Labels["team"]);
        var subscription = harness.Broker.GetSubscription(SubscriptionName);
        Assert.Equal(30, subscription.Settings.AckDeadlineSeconds);
        Assert.Null(subscription.Settings.DeadLetterPolicy); // written before the delivery policies existed
        Assert.Null(subscription.Settings.RetryPolicy);
        var pulled = await harness.PullNowAsync("billing");
        Assert.Equal(["a", "c"], pulled.Select(BrokerHarness.Text));
        Assert.All(pulled, message => Assert.Equal(1, message.DeliveryAttempt));
        Assert.Equal(10, harness.CreateSubscription("next", "orders").Id);
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The layout before versions: i64 floor, i32 count, count × i64.</summary>
    private static byte[] UnversionedAckState(long floor, long[] ackedAbove)
    {
        var value = new byte[12 + (8 * ackedAbove.Length)];
        BinaryPrimitives.WriteInt64LittleEndian(value, floor);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(8), ackedAbove.Length);
        for (var i = 0; i < ackedAbove.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(12 + (8 * i)), ackedAbove[i]);
        }
        return value;
    }
}
