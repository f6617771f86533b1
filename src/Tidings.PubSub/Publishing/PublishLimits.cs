using System.Text;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Publishing;

/// <summary>Google's publish limits and the texts it answers when one is broken.</summary>
public static class PublishLimits
{
    public const int MaxRequestBytes = 10 * 1024 * 1024;
    public const int MaxMessagesPerRequest = 1000;
    public const int MaxAttributes = 100;
    public const int MaxAttributeKeyBytes = 256;
    public const int MaxAttributeValueBytes = 1024;
    public const int MaxOrderingKeyBytes = 1024;

    /// <summary>Checks one publish request; <paramref name="requestBytes"/> is its encoded size.</summary>
    public static void Validate(IReadOnlyList<PublishMessage> messages, long requestBytes, bool enforceSizeLimits)
    {
        if (messages.Count == 0)
        {
            throw PubSubErrors.InvalidArgument("The value for message_count is too small. You passed 0 in the request, but the minimum value is 1.");
        }
        var orderingKey = messages[0].OrderingKey;
        foreach (var message in messages)
        {
            if (message.Data.Length == 0 && message.Attributes.Count == 0)
            {
                throw PubSubErrors.InvalidArgument("One or more messages in the publish request is empty. Each message must contain either non-empty data, or at least one attribute.");
            }
            if (message.OrderingKey != orderingKey)
            {
                throw PubSubErrors.InvalidArgument("In a single publish request, all messages must have no ordering key or they must all have the same ordering key.");
            }
        }
        if (!enforceSizeLimits)
        {
            return;
        }
        if (requestBytes > MaxRequestBytes)
        {
            throw PubSubErrors.InvalidArgument($"Request payload size exceeds the limit: {MaxRequestBytes} bytes.");
        }
        if (messages.Count > MaxMessagesPerRequest)
        {
            throw PubSubErrors.InvalidArgument($"The value for message_count is too large. You passed {messages.Count} in the request, but the maximum value is {MaxMessagesPerRequest}.");
        }
        if (Encoding.UTF8.GetByteCount(orderingKey) > MaxOrderingKeyBytes)
        {
            throw PubSubErrors.InvalidArgument($"The ordering key is too long. The length is {Encoding.UTF8.GetByteCount(orderingKey)} bytes, but the maximum allowed is {MaxOrderingKeyBytes}.");
        }
        foreach (var message in messages)
        {
            ValidateAttributes(message.Attributes);
        }
    }

    private static void ValidateAttributes(IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        if (attributes.Count > MaxAttributes)
        {
            throw PubSubErrors.InvalidArgument($"There are too many attributes in the message. The count is {attributes.Count}, but the maximum allowed is {MaxAttributes}.");
        }
        foreach (var (key, value) in attributes)
        {
            if (key.Length == 0)
            {
                throw PubSubErrors.InvalidArgument("One of the attributes in the request has an empty key.");
            }
            var keyBytes = Encoding.UTF8.GetByteCount(key);
            if (keyBytes > MaxAttributeKeyBytes)
            {
                throw PubSubErrors.InvalidArgument($"One of the attributes in the request has a key that is too long. The length is {keyBytes} characters, but the maximum allowed is {MaxAttributeKeyBytes}.");
            }
            var valueBytes = Encoding.UTF8.GetByteCount(value);
            if (valueBytes > MaxAttributeValueBytes)
            {
                throw PubSubErrors.InvalidArgument($"One of the attributes in the request has a value that is too long. The length is {valueBytes} characters, but the maximum allowed is {MaxAttributeValueBytes}.");
            }
        }
    }
}
