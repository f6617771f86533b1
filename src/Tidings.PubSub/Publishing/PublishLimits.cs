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
            throw PubSubErrors.NoMessages();
        }
        var orderingKey = messages[0].OrderingKey;
        foreach (var message in messages)
        {
            if (message.Data.Length == 0 && message.Attributes.Count == 0)
            {
                throw PubSubErrors.EmptyMessage();
            }
            if (message.OrderingKey != orderingKey)
            {
                throw PubSubErrors.MixedOrderingKeys();
            }
        }
        if (!enforceSizeLimits)
        {
            return;
        }
        if (requestBytes > MaxRequestBytes)
        {
            throw PubSubErrors.RequestPayloadTooLarge(MaxRequestBytes);
        }
        if (messages.Count > MaxMessagesPerRequest)
        {
            throw PubSubErrors.TooManyMessages(messages.Count, MaxMessagesPerRequest);
        }
        var orderingKeyBytes = Encoding.UTF8.GetByteCount(orderingKey);
        if (orderingKeyBytes > MaxOrderingKeyBytes)
        {
            throw PubSubErrors.OrderingKeyTooLong(orderingKeyBytes, MaxOrderingKeyBytes);
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
            throw PubSubErrors.TooManyAttributes(attributes.Count, MaxAttributes);
        }
        foreach (var (key, value) in attributes)
        {
            if (key.Length == 0)
            {
                throw PubSubErrors.EmptyAttributeKey();
            }
            var keyBytes = Encoding.UTF8.GetByteCount(key);
            if (keyBytes > MaxAttributeKeyBytes)
            {
                throw PubSubErrors.AttributeKeyTooLong(keyBytes, MaxAttributeKeyBytes);
            }
            var valueBytes = Encoding.UTF8.GetByteCount(value);
            if (valueBytes > MaxAttributeValueBytes)
            {
                throw PubSubErrors.AttributeValueTooLong(valueBytes, MaxAttributeValueBytes);
            }
        }
    }
}
