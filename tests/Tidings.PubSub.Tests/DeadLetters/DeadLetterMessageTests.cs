using System.Text;
using Tidings.PubSub.DeadLetters;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Tests.DeadLetters;

/// <summary>The forwarded message: the original's content plus Google's source attributes, written as Google writes them.</summary>
public sealed class DeadLetterMessageTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public DeadLetterMessageTests() => _harness.CreateTopic("orders");

    public void Dispose() => _harness.Dispose();

    private static StoredMessage Original(long publishMicros, params (string Key, string Value)[] attributes) =>
        new(Encoding.UTF8.GetBytes("body"), [.. attributes.Select(a => KeyValuePair.Create(a.Key, a.Value))], "key", publishMicros);

    [Theory]
    [InlineData(1_660_319_789_732_000L, "2022-08-12T15:56:29.732+00:00")]
    [InlineData(1_660_319_789_000_000L, "2022-08-12T15:56:29.000+00:00")]
    [InlineData(1_660_319_789_732_456L, "2022-08-12T15:56:29.732+00:00")]
    public void FormatPublishTime_MillisecondsWithAnExplicitOffset(long micros, string expected) =>
        Assert.Equal(expected, DeadLetterMessage.FormatPublishTime(micros));

    [Fact]
    public void Create_KeepsContentAndAddsTheSourceWithTheShortSubscriptionId()
    {
        var subscription = _harness.CreateSubscription("billing", "orders");

        var message = DeadLetterMessage.Create(subscription, Original(1_660_319_789_732_000L, ("a", "1")), attempts: 7);

        Assert.Equal("body", Encoding.UTF8.GetString(message.Data.Span));
        Assert.Equal("key", message.OrderingKey);
        Assert.Equal(
        [
            KeyValuePair.Create("a", "1"),
            KeyValuePair.Create(DeadLetterMessage.DeliveryCountAttribute, "7"),
            KeyValuePair.Create(DeadLetterMessage.SubscriptionAttribute, "billing"),
            KeyValuePair.Create(DeadLetterMessage.SubscriptionProjectAttribute, "p"),
            KeyValuePair.Create(DeadLetterMessage.TopicPublishTimeAttribute, "2022-08-12T15:56:29.732+00:00"),
        ], message.Attributes);
    }

    [Fact]
    public void Create_AlreadyADeadLetter_NamesOnlyTheLatestSource()
    {
        var subscription = _harness.CreateSubscription("billing", "orders");
        var original = Original(0, (DeadLetterMessage.SubscriptionAttribute, "first"), (DeadLetterMessage.DeliveryCountAttribute, "5"));

        var message = DeadLetterMessage.Create(subscription, original, attempts: 9);

        Assert.Equal("billing", Assert.Single(message.Attributes, a => a.Key == DeadLetterMessage.SubscriptionAttribute).Value);
        Assert.Equal("9", Assert.Single(message.Attributes, a => a.Key == DeadLetterMessage.DeliveryCountAttribute).Value);
        Assert.Equal(4, message.Attributes.Count);
    }
}
