using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.Storage.Messages;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>A leased message as Pull and StreamingPull answer it.</summary>
public sealed class ReceivedMessageMappingTests
{
    private static readonly DateTimeOffset Published = new(2026, 11, 29, 12, 0, 0, 1, 500, TimeSpan.Zero);

    private static LeasedMessage Leased(int deliveryAttempt = 3) => new(
        AckId: new AckId(1, 2, 3),
        MessageId: "1099511627777",
        Message: new StoredMessage(
            "hello"u8.ToArray(),
            [KeyValuePair.Create("k", "v")],
            "key",
            (Published - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond),
        DeliveryAttempt: deliveryAttempt);

    [Fact]
    public void ToProto_EveryField_IsCopied()
    {
        var received = MessageMapping.ToProto(Leased(), reportDeliveryAttempt: true);

        Assert.Equal("1-2-3", received.AckId);
        Assert.Equal(3, received.DeliveryAttempt);
        Assert.Equal("1099511627777", received.Message.MessageId);
        Assert.Equal("hello"u8.ToArray(), received.Message.Data.ToByteArray());
        Assert.Equal(new Dictionary<string, string> { ["k"] = "v" }, received.Message.Attributes);
        Assert.Equal("key", received.Message.OrderingKey);
        Assert.Equal(Timestamp.FromDateTimeOffset(Published), received.Message.PublishTime);
    }

    [Fact]
    public void ToProto_DeliveryAttemptNotReported_IsZero() =>
        Assert.Equal(0, MessageMapping.ToProto(Leased(), reportDeliveryAttempt: false).DeliveryAttempt);

    [Fact]
    public void ToProto_Data_SharesTheStoredBuffer()
    {
        var leased = Leased();

        var received = MessageMapping.ToProto(leased, reportDeliveryAttempt: false);

        Assert.True(leased.Message.Data.Equals(received.Message.Data.Memory));
    }

    [Fact]
    public void ToProto_NoAttributesOrOrderingKey_LeavesThemEmpty()
    {
        var leased = new LeasedMessage(new AckId(1, 1, 1), "1", new StoredMessage("x"u8.ToArray(), [], "", 0), 1);

        var received = MessageMapping.ToProto(leased, reportDeliveryAttempt: true);

        Assert.Empty(received.Message.Attributes);
        Assert.Equal("", received.Message.OrderingKey);
        Assert.Equal(new Timestamp(), received.Message.PublishTime);
    }
}
