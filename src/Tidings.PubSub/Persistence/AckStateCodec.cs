using System.Buffers.Binary;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// The binary ack-state record (layout in FORMAT.md). Versioned records start with <c>"ACK"</c> and a version byte
/// and are always a multiple of 8 bytes long; the unversioned layout written before (version 1, 12 + 8n bytes) never
/// is, so the two cannot be confused. Version 2 adds failed delivery attempts; a state without any is still written
/// as version 1, which older builds read too.
/// </summary>
internal static class AckStateCodec
{
    /// <summary>The newest ack-record version this build writes and reads.</summary>
    public const int NewestVersion = 2;

    private const int LegacyHeaderBytes = 12;
    private const int HeaderBytes = 16;
    private const int Version2HeaderBytes = 24;
    private const int FailedAttemptBytes = 12;
    private static ReadOnlySpan<byte> Magic => "ACK"u8;

    public static byte[] Encode(long floor, IReadOnlyCollection<long> ackedAbove, IReadOnlyCollection<(long Sequence, int Failures)> failedAttempts)
    {
        if (failedAttempts.Count == 0)
        {
            return EncodeVersion1(floor, ackedAbove);
        }
        var length = Version2HeaderBytes + (8 * ackedAbove.Count) + (FailedAttemptBytes * failedAttempts.Count);
        var value = new byte[(length + 7) / 8 * 8]; // zero padding up to a multiple of 8
        Magic.CopyTo(value);
        value[3] = 2;
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(4), floor);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(12), ackedAbove.Count);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(16), failedAttempts.Count);
        var offset = Version2HeaderBytes;
        foreach (var sequence in ackedAbove)
        {
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(offset), sequence);
            offset += 8;
        }
        foreach (var (sequence, failures) in failedAttempts)
        {
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(offset), sequence);
            BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(offset + 8), failures);
            offset += FailedAttemptBytes;
        }
        return value;
    }

    private static byte[] EncodeVersion1(long floor, IReadOnlyCollection<long> ackedAbove)
    {
        var value = new byte[HeaderBytes + (8 * ackedAbove.Count)];
        Magic.CopyTo(value);
        value[3] = 1;
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
    public static DecodedAckState Decode(ReadOnlySpan<byte> value)
    {
        if (value.Length % 8 == LegacyHeaderBytes % 8)
        {
            return DecodeVersion1(value, version: 1);
        }
        if (value.Length < HeaderBytes || value.Length % 8 != 0 || !value.StartsWith(Magic))
        {
            return DecodedAckState.Invalid;
        }
        return value[3] switch
        {
            0 => DecodedAckState.Invalid,
            1 => DecodeVersion1(value[4..], version: 1),
            2 => DecodeVersion2(value),
            var newer => DecodedAckState.Invalid with { Version = newer },
        };
    }

    /// <summary>Version 1's body: i64 floor, i32 count, count × i64 sequences, little-endian.</summary>
    private static DecodedAckState DecodeVersion1(ReadOnlySpan<byte> body, int version)
    {
        if (body.Length < LegacyHeaderBytes)
        {
            return DecodedAckState.Invalid;
        }
        var floor = BinaryPrimitives.ReadInt64LittleEndian(body);
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
        if (count < 0 || body.Length != LegacyHeaderBytes + (8L * count))
        {
            return DecodedAckState.Invalid;
        }
        return new DecodedAckState(version, floor, ReadSequences(body[LegacyHeaderBytes..], count), []);
    }

    /// <summary>Version 2: header, acked sequences, then (i64 sequence, i32 failures) pairs, zero-padded to 8 bytes.</summary>
    private static DecodedAckState DecodeVersion2(ReadOnlySpan<byte> value)
    {
        if (value.Length < Version2HeaderBytes)
        {
            return DecodedAckState.Invalid;
        }
        var floor = BinaryPrimitives.ReadInt64LittleEndian(value[4..]);
        var acked = BinaryPrimitives.ReadInt32LittleEndian(value[12..]);
        var failed = BinaryPrimitives.ReadInt32LittleEndian(value[16..]);
        var length = Version2HeaderBytes + (8L * acked) + ((long)FailedAttemptBytes * failed);
        if (acked < 0 || failed < 0 || value.Length != (length + 7) / 8 * 8)
        {
            return DecodedAckState.Invalid;
        }
        var ackedAbove = ReadSequences(value[Version2HeaderBytes..], acked);
        var attempts = new (long, int)[failed];
        var offset = Version2HeaderBytes + (8 * acked);
        for (var i = 0; i < failed; i++, offset += FailedAttemptBytes)
        {
            attempts[i] = (BinaryPrimitives.ReadInt64LittleEndian(value[offset..]), BinaryPrimitives.ReadInt32LittleEndian(value[(offset + 8)..]));
        }
        return new DecodedAckState(2, floor, ackedAbove, attempts);
    }

    private static long[] ReadSequences(ReadOnlySpan<byte> span, int count)
    {
        var sequences = new long[count];
        for (var i = 0; i < count; i++)
        {
            sequences[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]);
        }
        return sequences;
    }
}

/// <summary>An ack-state record as read: a null version when the bytes are none; no content for a newer version.</summary>
internal sealed record DecodedAckState(int? Version, long Floor, long[] AckedAbove, (long Sequence, int Failures)[] FailedAttempts)
{
    public static readonly DecodedAckState Invalid = new(null, 0, [], []);
}
