namespace Tidings.PubSub.Resources;

/// <summary>The user-settable fields of a subscription, with Google's defaults already applied.</summary>
public sealed record SubscriptionSettings
{
    public const int DefaultAckDeadlineSeconds = 10;
    public const int MinAckDeadlineSeconds = 10;
    public const int MaxAckDeadlineSeconds = 600;
    public static readonly TimeSpan DefaultMessageRetention = TimeSpan.FromDays(7);
    public static readonly TimeSpan MinMessageRetention = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxMessageRetention = TimeSpan.FromDays(31);
    public static readonly TimeSpan DefaultExpirationTtl = TimeSpan.FromDays(31);
    public static readonly TimeSpan MinExpirationTtl = TimeSpan.FromDays(1);

    /// <summary>Full name of the topic the subscription was created on.</summary>
    public required string Topic { get; init; }

    /// <summary>Null for a pull subscription.</summary>
    public PushConfig? PushConfig { get; init; }

    public int AckDeadlineSeconds { get; init; } = DefaultAckDeadlineSeconds;

    public bool RetainAckedMessages { get; init; }

    public TimeSpan MessageRetentionDuration { get; init; } = DefaultMessageRetention;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool EnableMessageOrdering { get; init; }

    /// <summary>Time to live without activity; null means the subscription never expires.</summary>
    public TimeSpan? ExpirationTtl { get; init; } = DefaultExpirationTtl;

    public string Filter { get; init; } = "";

    public bool EnableExactlyOnceDelivery { get; init; }

    /// <summary>Null: failed messages are redelivered for as long as the subscription retains them.</summary>
    public DeadLetterPolicy? DeadLetterPolicy { get; init; }

    /// <summary>Null: failed messages are redelivered at once.</summary>
    public RetryPolicy? RetryPolicy { get; init; }
}
