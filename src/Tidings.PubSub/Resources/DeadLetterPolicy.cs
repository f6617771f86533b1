namespace Tidings.PubSub.Resources;

/// <summary>
/// Where a subscription forwards a message its subscribers failed to acknowledge too often, and after how many
/// delivery attempts (Google's range 5–100; requests asking 0 get <see cref="DefaultMaxDeliveryAttempts"/>).
/// </summary>
public sealed record DeadLetterPolicy
{
    public const int DefaultMaxDeliveryAttempts = 5;
    public const int MinMaxDeliveryAttempts = 5;
    public const int MaxMaxDeliveryAttempts = 100;

    /// <summary>Full name of the topic dead letters are published to; it must exist when the policy is set.</summary>
    public required string DeadLetterTopic { get; init; }

    /// <summary>Delivery attempts (1 + nacks + expired ack deadlines) after which a failed message is forwarded.</summary>
    public int MaxDeliveryAttempts { get; init; } = DefaultMaxDeliveryAttempts;
}
