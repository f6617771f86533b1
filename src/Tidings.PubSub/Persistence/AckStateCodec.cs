using System.Buffers.Binary;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// The binary ack-state record (layout in FORMAT.md). Versioned records start with <c>"ACK"</c> and a version byte
/// and are always a multiple of 8 bytes long; the unversioned layout written before (version 1, 12 + 8n bytes) never
/// is, so the two cannot be confused.
/// </summary>
internal static class AckStateCodec
{
    private const int LegacyHeaderBytes = 12;
    private const int HeaderBytes = 16;
    private static ReadOnlySpan<byte> Magic => "ACK"u8;

    public static byte[] Encode(long floor, IReadOnlyCollection<long> ackedAbove)
    {
        var value = new byte[HeaderBytes + (8 * ackedAbove.Count)];
        Magic.CopyTo(value);
        value[3] = PubSubDocuments.FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(4), floor);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(12), ackedAbove.Count);
        var offset = HeaderBytes;
        foreach (var sequence in ackedAbove)
        {
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(offset), sequence);
            offset += 8;
        }
        return value;
    }

    /// <summary>
    /// The record's version with its content; a null version when the bytes are no ack-state record at all. A newer
    /// version comes back with its number and no content, for the caller to refuse.
    /// </summary>
    public static (int? Version, long Floor, long[] AckedAbove) Decode(ReadOnlySpan<byte> value)
    {
        if (value.Length % 8 == LegacyHeaderBytes % 8)
        {
            return DecodeBody(value, LegacyHeaderBytes, version: 1);
        }
        if (value.Length < HeaderBytes || value.Length % 8 != 0 || !value.StartsWith(Magic))
        {
            return (null, 0, []);
        }
        return value[3] switch
        {
            0 => (null, 0, []),
            PubSubDocuments.FormatVersion => DecodeBody(value[4..], LegacyHeaderBytes, PubSubDocuments.FormatVersion),
            var newer => (newer, 0, []),
        };
    }

    /// <summary>Version 1's body: i64 floor, i32 count, count × i64 sequences, little-endian.</summary>
    private static (int? Version, long Floor, long[] AckedAbove) DecodeBody(ReadOnlySpan<byte> body, int headerBytes, int version)
    {
        if (body.Length < headerBytes)
        {
            return (null, 0, []);
        }
        var floor = BinaryPrimitives.ReadInt64LittleEndian(body);
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
        if (count < 0 || body.Length != headerBytes + (8L * count))
        {
            return (null, 0, []);
        }
        var acked = new long[count];
        for (var i = 0; i < count; i++)
        {
            acked[i] = BinaryPrimitives.ReadInt64LittleEndian(body[(headerBytes + (8 * i))..]);
        }
        return (version, floor, acked);
    }
}
