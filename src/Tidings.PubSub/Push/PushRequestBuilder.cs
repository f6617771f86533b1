using System.Globalization;
using System.Text.Json;
using Tidings.Delivery;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Resources;

namespace Tidings.PubSub.Push;

/// <summary>
/// The HTTP request Google sends for one pushed message: the JSON wrapper by default (data in base64, both the
/// camelCase and snake_case spellings of id and time), or with <c>no_wrapper</c> the raw data, with the metadata
/// and attributes as headers when <c>write_metadata</c> is set.
/// </summary>
internal static class PushRequestBuilder
{
    public const string SubscriptionHeader = "x-goog-pubsub-subscription-name";
    public const string MessageIdHeader = "x-goog-pubsub-message-id";
    public const string PublishTimeHeader = "x-goog-pubsub-publish-time";
    public const string OrderingKeyHeader = "x-goog-pubsub-ordering-key";

    public static HttpDeliveryRequest Build(string subscription, PushConfig config, LeasedMessage leased, int? deliveryAttempt, TimeSpan timeout)
    {
        var endpoint = new Uri(config.PushEndpoint);
        var oidc = config.OidcToken is { } token
            ? new OidcTokenRequest(token.ServiceAccountEmail, token.Audience.Length > 0 ? token.Audience : config.PushEndpoint)
            : null;
        if (config.NoWrapper is { } noWrapper)
        {
            var headers = noWrapper.WriteMetadata ? MetadataHeaders(subscription, leased) : [];
            return new HttpDeliveryRequest(endpoint, leased.Message.Data, "application/octet-stream", headers, timeout, oidc);
        }
        return new HttpDeliveryRequest(endpoint, WrappedBody(subscription, leased, deliveryAttempt), "application/json", [], timeout, oidc);
    }

    /// <summary>
    /// RFC 3339 in UTC the way protobuf's JSON writes a Timestamp (and so Google's REST and push payloads): no
    /// fraction for whole seconds, else 3 or 6 digits.
    /// </summary>
    public static string FormatTime(long unixMicros)
    {
        var time = DateTimeOffset.UnixEpoch.AddTicks(unixMicros * 10).UtcDateTime;
        var format = (unixMicros % 1_000_000) switch
        {
            0 => "yyyy-MM-dd'T'HH:mm:ss",
            var micros when micros % 1000 == 0 => "yyyy-MM-dd'T'HH:mm:ss.fff",
            _ => "yyyy-MM-dd'T'HH:mm:ss.ffffff",
        };
        return time.ToString(format, CultureInfo.InvariantCulture) + "Z";
    }

    private static byte[] WrappedBody(string subscription, LeasedMessage leased, int? deliveryAttempt)
    {
        var stored = leased.Message;
        var publishTime = FormatTime(stored.PublishTimeUnixMicros);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("message");
            if (stored.Attributes.Count > 0)
            {
                json.WriteStartObject("attributes");
                foreach (var (key, value) in stored.Attributes)
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            json.WriteBase64String("data", stored.Data.Span);
            json.WriteString("messageId", leased.MessageId);
            json.WriteString("message_id", leased.MessageId);
            json.WriteString("publishTime", publishTime);
            json.WriteString("publish_time", publishTime);
            if (stored.OrderingKey.Length > 0)
            {
                json.WriteString("orderingKey", stored.OrderingKey);
            }
            json.WriteEndObject();
            json.WriteString("subscription", subscription);
            if (deliveryAttempt is { } attempt)
            {
                json.WriteNumber("deliveryAttempt", attempt);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static List<KeyValuePair<string, string>> MetadataHeaders(string subscription, LeasedMessage leased)
    {
        var stored = leased.Message;
        var headers = new List<KeyValuePair<string, string>>(stored.Attributes.Count + 4)
        {
            new(SubscriptionHeader, subscription),
            new(MessageIdHeader, leased.MessageId),
            new(PublishTimeHeader, FormatTime(stored.PublishTimeUnixMicros)),
        };
        if (stored.OrderingKey.Length > 0)
        {
            headers.Add(new(OrderingKeyHeader, stored.OrderingKey));
        }
        headers.AddRange(stored.Attributes);
        return headers;
    }
}
