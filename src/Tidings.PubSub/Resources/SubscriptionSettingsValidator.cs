using System.Globalization;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Filters;
using Tidings.PubSub.Names;

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
        if (settings.DeadLetterPolicy is { } deadLetters)
        {
            Validate(deadLetters);
        }
        if (settings.RetryPolicy is { } retry)
        {
            Validate(retry);
        }
        if (settings.PushConfig is { } push)
        {
            ValidatePushEndpoint(push.PushEndpoint);
        }
        _ = MessageFilter.Compile(settings.Filter); // a bad filter is refused here, before anything is stored
        if (settings.EnableExactlyOnceDelivery && settings.PushConfig is not null)
        {
            throw PubSubErrors.ExactlyOnceWithPush();
        }
    }

    /// <summary>The attempts in Google's range and a well-formed topic name (whether it exists is the broker's check).</summary>
    private static void Validate(DeadLetterPolicy policy)
    {
        if (policy.MaxDeliveryAttempts < DeadLetterPolicy.MinMaxDeliveryAttempts)
        {
            throw PubSubErrors.MaxDeliveryAttemptsTooSmall(policy.MaxDeliveryAttempts, DeadLetterPolicy.MinMaxDeliveryAttempts);
        }
        if (policy.MaxDeliveryAttempts > DeadLetterPolicy.MaxMaxDeliveryAttempts)
        {
            throw PubSubErrors.MaxDeliveryAttemptsTooLarge(policy.MaxDeliveryAttempts, DeadLetterPolicy.MaxMaxDeliveryAttempts);
        }
        ResourceName.Parse(ResourceKind.Topic, policy.DeadLetterTopic);
    }

    private static void Validate(RetryPolicy policy)
    {
        CheckRange("minimum_backoff", policy.MinimumBackoff, TimeSpan.Zero, RetryPolicy.MaxBackoff);
        CheckRange("maximum_backoff", policy.MaximumBackoff, TimeSpan.Zero, RetryPolicy.MaxBackoff);
        if (policy.MaximumBackoff < policy.MinimumBackoff)
        {
            throw PubSubErrors.ValueTooSmall("maximum_backoff", Format(policy.MaximumBackoff), Format(policy.MinimumBackoff));
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

    /// <summary>Durations as Google writes them: seconds, with a fraction only when there is one.</summary>
    private static string Format<T>(T value) =>
        value is TimeSpan span ? span.TotalSeconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s" : $"{value}";
}
