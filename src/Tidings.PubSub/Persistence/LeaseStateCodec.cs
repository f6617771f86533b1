using System.Buffers.Binary;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// The binary lease-deadline record of an exactly-once subscription (layout in FORMAT.md): <c>"LSE"</c>, a version
/// byte, a count, then per lease its sequence and deadline.
/// </summary>
internal static class LeaseStateCodec
{
    private const int HeaderBytes = 8;
    private const int EntryBytes = 16;
    private static ReadOnlySpan<byte> Magic => "LSE"u8;

    public static byte[] Encode(IReadOnlyCollection<LeaseDeadline> leases)
    {
        var value = new byte[HeaderBytes + (EntryBytes * leases.Count)];
        Magic.CopyTo(value);
        value[3] = PubSubDocuments.FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(4), leases.Count);
        var offset = HeaderBytes;
        foreach (var lease in leases)
        {
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(offset), lease.Sequence);
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(offset + 8), lease.DeadlineUnixMilliseconds);
            offset += EntryBytes;
        }
        return value;
    }

    /// <summary>
    /// The record's version with its leases; a null version when the bytes are no lease record. A newer version
    /// comes back with its number and no leases, for the caller to refuse.
    /// </summary>
    public static (int? Version, LeaseDeadline[] Leases) Decode(ReadOnlySpan<byte> value)
    {
        if (value.Length < HeaderBytes || !value.StartsWith(Magic) || value[3] == 0)
        {
            return (null, []);
        }
        if (value[3] != PubSubDocuments.FormatVersion)
        {
            return (value[3], []);
        }
        var count = BinaryPrimitives.ReadInt32LittleEndian(value[4..]);
        if (count < 0 || value.Length != HeaderBytes + ((long)EntryBytes * count))
        {
            return (null, []);
        }
        var leases = new LeaseDeadline[count];
        for (var i = 0; i < count; i++)
        {
            var entry = value[(HeaderBytes + (EntryBytes * i))..];
            leases[i] = new LeaseDeadline(BinaryPrimitives.ReadInt64LittleEndian(entry), BinaryPrimitives.ReadInt64LittleEndian(entry[8..]));
        }
        return (PubSubDocuments.FormatVersion, leases);
    }
}
