using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using DomainDeadLetterPolicy = Tidings.PubSub.Resources.DeadLetterPolicy;
using DomainRetryPolicy = Tidings.PubSub.Resources.RetryPolicy;
using ProtoDeadLetterPolicy = Google.Cloud.PubSub.V1.DeadLetterPolicy;
using ProtoRetryPolicy = Google.Cloud.PubSub.V1.RetryPolicy;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>A subscription's dead-letter and retry policies between the wire and the domain, with Google's defaults.</summary>
internal static class DeliveryPolicyMapping
{
    public const string DeadLetterPolicyPath = "dead_letter_policy";
    public const string RetryPolicyPath = "retry_policy";

    public static ProtoDeadLetterPolicy? ToProto(DomainDeadLetterPolicy? policy) =>
        policy is null ? null : new ProtoDeadLetterPolicy { DeadLetterTopic = policy.DeadLetterTopic, MaxDeliveryAttempts = policy.MaxDeliveryAttempts };

    /// <summary>0 attempts means Google's default of 5; a range check follows in the domain.</summary>
    public static DomainDeadLetterPolicy? ToDomain(ProtoDeadLetterPolicy? policy) =>
        policy is null ? null : new DomainDeadLetterPolicy
        {
            DeadLetterTopic = policy.DeadLetterTopic,
            MaxDeliveryAttempts = policy.MaxDeliveryAttempts == 0 ? DomainDeadLetterPolicy.DefaultMaxDeliveryAttempts : policy.MaxDeliveryAttempts,
        };

    public static ProtoRetryPolicy? ToProto(DomainRetryPolicy? policy) =>
        policy is null ? null : new ProtoRetryPolicy
        {
            MinimumBackoff = ProtoTime.FromTimeSpan(policy.MinimumBackoff),
            MaximumBackoff = ProtoTime.FromTimeSpan(policy.MaximumBackoff),
        };

    /// <summary>A backoff left unset takes Google's default (10 s minimum, 600 s maximum).</summary>
    public static DomainRetryPolicy? ToDomain(ProtoRetryPolicy? policy) =>
        policy is null ? null : new DomainRetryPolicy
        {
            MinimumBackoff = ProtoTime.ToTimeSpan(policy.MinimumBackoff) ?? DomainRetryPolicy.DefaultMinimumBackoff,
            MaximumBackoff = ProtoTime.ToTimeSpan(policy.MaximumBackoff) ?? DomainRetryPolicy.DefaultMaximumBackoff,
        };

    /// <summary>
    /// One field of the dead-letter policy, as a nested mask path names it (<c>dead_letter_policy.max_delivery_attempts</c>,
    /// as Google's samples send); the other field stays as it is.
    /// </summary>
    public static DomainDeadLetterPolicy? ApplyDeadLetterPath(DomainDeadLetterPolicy? current, ProtoDeadLetterPolicy? requested, string path)
    {
        var merged = ToProto(current) ?? new ProtoDeadLetterPolicy();
        requested ??= new ProtoDeadLetterPolicy();
        switch (path[(DeadLetterPolicyPath.Length + 1)..])
        {
            case "dead_letter_topic":
                merged.DeadLetterTopic = requested.DeadLetterTopic;
                break;
            case "max_delivery_attempts":
                merged.MaxDeliveryAttempts = requested.MaxDeliveryAttempts;
                break;
            default:
                throw UnknownPath(path);
        }
        return ToDomain(merged);
    }

    /// <summary>One backoff of the retry policy, as a nested mask path names it; the other stays as it is.</summary>
    public static DomainRetryPolicy? ApplyRetryPath(DomainRetryPolicy? current, ProtoRetryPolicy? requested, string path)
    {
        var merged = ToProto(current) ?? new ProtoRetryPolicy();
        requested ??= new ProtoRetryPolicy();
        switch (path[(RetryPolicyPath.Length + 1)..])
        {
            case "minimum_backoff":
                merged.MinimumBackoff = requested.MinimumBackoff;
                break;
            case "maximum_backoff":
                merged.MaximumBackoff = requested.MaximumBackoff;
                break;
            default:
                throw UnknownPath(path);
        }
        return ToDomain(merged);
    }

    private static TidingsException UnknownPath(string path) =>
        PubSubErrors.UnknownUpdateMaskField("UpdateSubscriptionRequest", "Subscription", path);
}
