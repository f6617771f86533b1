using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Resources;

/// <summary>Checks subscription settings against Google's bounds and refuses features Tidings does not have yet.</summary>
internal static class SubscriptionSettingsValidator
{
    public static void Validate(SubscriptionSettings settings)
    {
        CheckRange("ack_deadline_seconds", settings.AckDeadlineSeconds, SubscriptionSettings.MinAckDeadlineSeconds, SubscriptionSettings.MaxAckDeadlineSeconds);
        CheckRange("message_retention_duration", settings.MessageRetentionDuration, SubscriptionSettings.MinMessageRetention, SubscriptionSettings.MaxMessageRetention);
        if (settings.ExpirationTtl is { } ttl)
        {
            if (ttl < SubscriptionSettings.MinExpirationTtl)
            {
                throw PubSubErrors.ExpirationTtlTooShort(ttl);
            }
            if (ttl < settings.MessageRetentionDuration)
            {
                throw PubSubErrors.ExpirationTtlBelowRetention();
            }
        }
        if (settings.PushConfig is { } push)
        {
            ValidatePushEndpoint(push.PushEndpoint);
        }
        if (settings.EnableMessageOrdering)
        {
            throw PubSubErrors.NotSupportedYet("enable_message_ordering");
        }
        if (settings.Filter.Length > 0)
        {
            throw PubSubErrors.NotSupportedYet("filter");
        }
        if (settings.EnableExactlyOnceDelivery && settings.PushConfig is not null)
        {
            throw PubSubErrors.ExactlyOnceWithPush();
        }
    }

    public static void ValidatePushEndpoint(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw PubSubErrors.InvalidPushEndpoint(endpoint);
        }
    }

    private static void CheckRange<T>(string field, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0)
        {
            throw PubSubErrors.ValueTooSmall(field, Format(value), Format(min));
        }
        if (value.CompareTo(max) > 0)
        {
            throw PubSubErrors.ValueTooLarge(field, Format(value), Format(max));
        }
    }

    private static string Format<T>(T value) => value is TimeSpan span ? $"{(long)span.TotalSeconds}s" : $"{value}";
}
