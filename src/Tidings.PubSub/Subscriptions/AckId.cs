using System.Globalization;

namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// The one place ack ids are encoded and parsed. On the wire they are <c>{subscription id}-{sequence}-{generation}</c>
/// in hex: short (well under Google's 164 bytes), opaque to clients, and enough to find the lease without a lookup
/// table. Inside the engine they stay typed; only the API layer turns them into text, through <see cref="Format"/>.
/// </summary>
public readonly record struct AckId(long SubscriptionId, long Sequence, long Generation)
{
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{SubscriptionId:x}-{Sequence:x}-{Generation:x}");

    public override string ToString() => Format();

    public static bool TryParse(string text, out AckId ackId)
    {
        ackId = default;
        var span = text.AsSpan();
        Span<Range> parts = stackalloc Range[4];
        if (span.Length > 64 || span.Split(parts, '-') != 3)
        {
            return false;
        }
        if (long.TryParse(span[parts[0]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var subscription)
            && long.TryParse(span[parts[1]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var sequence)
            && long.TryParse(span[parts[2]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var generation)
            && subscription > 0 && sequence > 0 && generation > 0)
        {
            ackId = new AckId(subscription, sequence, generation);
            return true;
        }
        return false;
    }
}
