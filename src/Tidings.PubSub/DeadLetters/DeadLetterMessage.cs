using System.Globalization;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Subscriptions;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.DeadLetters;

/// <summary>
/// The message Google publishes to a dead-letter topic: the original data, attributes and ordering key, plus
/// attributes naming where it came from. The dead-letter topic gives it a new id and publish time.
/// </summary>
internal static class DeadLetterMessage
{
    public const string DeliveryCountAttribute = "CloudPubSubDeadLetterSourceDeliveryCount";
    public const string SubscriptionAttribute = "CloudPubSubDeadLetterSourceSubscription";
    public const string SubscriptionProjectAttribute = "CloudPubSubDeadLetterSourceSubscriptionProject";
    public const string TopicPublishTimeAttribute = "CloudPubSubDeadLetterSourceTopicPublishTime";

    /// <param name="attempts">The delivery attempts the message had on <paramref name="subscription"/>.</param>
    public static PublishMessage Create(Subscription subscription, StoredMessage original, int attempts)
    {
        var source = new (string Key, string Value)[]
        {
            (DeliveryCountAttribute, attempts.ToString(CultureInfo.InvariantCulture)),
            (SubscriptionAttribute, subscription.Name.Id),
            (SubscriptionProjectAttribute, subscription.Name.Project),
            (TopicPublishTimeAttribute, FormatPublishTime(original.PublishTimeUnixMicros)),
        };
        var attributes = new List<KeyValuePair<string, string>>(original.Attributes.Count + source.Length);
        foreach (var attribute in original.Attributes)
        {
            if (!source.Any(added => added.Key == attribute.Key))
            {
                attributes.Add(attribute); // a dead letter forwarded again names only its latest source
            }
        }
        attributes.AddRange(source.Select(added => KeyValuePair.Create(added.Key, added.Value)));
        return new PublishMessage(original.Data, attributes, original.OrderingKey);
    }

    /// <summary>RFC 3339 with milliseconds and an explicit <c>+00:00</c> offset, as Google writes this attribute.</summary>
    public static string FormatPublishTime(long unixMicros) =>
        DateTimeOffset.UnixEpoch.AddTicks(unixMicros * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture);
}
