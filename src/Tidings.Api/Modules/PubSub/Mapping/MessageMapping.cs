using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Publishing;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Messages between the wire and the domain, without copying payloads.</summary>
internal static class MessageMapping
{
    public static PublishMessage[] ToDomain(PublishRequest request)
    {
        var messages = new PublishMessage[request.Messages.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            var message = request.Messages[i];
            var attributes = message.Attributes.Count == 0
                ? []
                : message.Attributes.ToArray();
            messages[i] = new PublishMessage(message.Data.Memory, attributes, message.OrderingKey);
        }
        return messages;
    }

    public static ReceivedMessage ToProto(LeasedMessage leased, bool reportDeliveryAttempt)
    {
        var stored = leased.Message;
        var message = new PubsubMessage
        {
            Data = UnsafeByteOperations.UnsafeWrap(stored.Data),
            MessageId = leased.MessageId,
            PublishTime = ProtoTime.FromUnixMicros(stored.PublishTimeUnixMicros),
            OrderingKey = stored.OrderingKey,
        };
        foreach (var (key, value) in stored.Attributes)
        {
            message.Attributes[key] = value;
        }
        return new ReceivedMessage
        {
            AckId = leased.AckId.Format(),
            Message = message,
            DeliveryAttempt = reportDeliveryAttempt ? leased.DeliveryAttempt : 0,
        };
    }
}
