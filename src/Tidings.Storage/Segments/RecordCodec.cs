using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Segments;

/// <summary>
/// Encodes and decodes one message record (layout in FORMAT.md): <c>[u32 crc32c][u32 body length][body]</c>, the
/// CRC covering the length field and the body. All integers little-endian. Stateless and thread-safe.
/// </summary>
internal static class RecordCodec
{
    /// <summary>Bytes before the body: the CRC and the body length.</summary>
    public const int FrameSize = 8;

    /// <summary>Sequence, publish time, ordering key length, attribute count and data length.</summary>
    public const int MinBodyLength = 8 + 8 + 2 + 2 + 4;

    /// <summary>Sanity bound used by recovery to tell a garbage length from a real one.</summary>
    public const int MaxBodyLength = 512 * 1024 * 1024;

    private static readonly Encoding Utf8 = Encoding.UTF8;

    /// <summary>The encoded size of <paramref name="message"/>'s record, exactly what <see cref="Encode"/> writes.</summary>
    public static long RecordSize(StoredMessage message)
    {
        long size = FrameSize + MinBodyLength + Utf8.GetByteCount(message.OrderingKey) + message.Data.Length;
        var attributes = message.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            size += 2 + 4 + Utf8.GetByteCount(key) + Utf8.GetByteCount(value);
        }
        return size;
    }

    /// <summary>Writes the record of <paramref name="message"/> at the start of <paramref name="destination"/>; returns its length.</summary>
    public static int Encode(StoredMessage message, long sequence, Span<byte> destination)
    {
        var body = destination[FrameSize..];
        BinaryPrimitives.WriteInt64LittleEndian(body, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], message.PublishTimeUnixMicros);
        var position = 16;
        position += WriteString16(message.OrderingKey, body[position..], "ordering key");
        var attributes = message.Attributes;
        if (attributes.Count > ushort.MaxValue)
        {
            throw new ArgumentException($"A message can have at most {ushort.MaxValue} attributes.", nameof(message));
        }
        BinaryPrimitives.WriteUInt16LittleEndian(body[position..], (ushort)attributes.Count);
        position += 2;
        for (var i = 0; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            position += WriteString16(key, body[position..], "attribute key");
            var valueLength = Utf8.GetBytes(value, body[(position + 4)..]);
            BinaryPrimitives.WriteUInt32LittleEndian(body[position..], (uint)valueLength);
            position += 4 + valueLength;
        }
        var data = message.Data.Span;
        BinaryPrimitives.WriteUInt32LittleEndian(body[position..], (uint)data.Length);
        data.CopyTo(body[(position + 4)..]);
        position += 4 + data.Length;
        if (position > MaxBodyLength)
        {
            throw new ArgumentException($"A message record can be at most {MaxBodyLength} bytes.", nameof(message));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)position);
        var length = FrameSize + position;
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Crc(destination[4..length]));
        return length;
    }

    /// <summary>
    /// The length, frame included, of the record at the start of <paramref name="records"/>, read from its frame
    /// without checking it: for records this process encoded, never for bytes read back from disk (<see cref="Check"/>).
    /// </summary>
    public static int LengthOfEncoded(ReadOnlySpan<byte> records) =>
        FrameSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(records[4..]);

    /// <summary>
    /// Checks the record at the start of <paramref name="available"/>: framing, CRC and field layout.
    /// <paramref name="recordLength"/> is set whenever the length field is plausible.
    /// </summary>
    public static RecordStatus Check(ReadOnlySpan<byte> available, out int recordLength, out long sequence)
    {
        recordLength = 0;
        sequence = 0;
        if (available.Length < FrameSize)
        {
            return RecordStatus.Incomplete;
        }
        var bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(available[4..]);
        if (bodyLength < MinBodyLength || bodyLength > MaxBodyLength)
        {
            return RecordStatus.Invalid;
        }
        recordLength = FrameSize + (int)bodyLength;
        if (available.Length < recordLength)
        {
            return RecordStatus.Incomplete;
        }
        var record = available[..recordLength];
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Crc(record[4..]) || !HasValidLayout(record[FrameSize..]))
        {
            return RecordStatus.Invalid;
        }
        sequence = BinaryPrimitives.ReadInt64LittleEndian(record[FrameSize..]);
        return RecordStatus.Valid;
    }

    /// <summary>Decodes a record that <see cref="Check"/> found valid. The message owns copies of its bytes.</summary>
    public static StoredMessage Decode(ReadOnlySpan<byte> record, out long sequence)
    {
        var body = record[FrameSize..];
        sequence = BinaryPrimitives.ReadInt64LittleEndian(body);
        var publishTime = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        var position = 16;
        var orderingKey = ReadString16(body, ref position);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(body[position..]);
        position += 2;
        var attributes = count == 0 ? [] : new KeyValuePair<string, string>[count];
        for (var i = 0; i < count; i++)
        {
            var key = ReadString16(body, ref position);
            var valueLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[position..]);
            var value = Utf8.GetString(body.Slice(position + 4, valueLength));
            position += 4 + valueLength;
            attributes[i] = new KeyValuePair<string, string>(key, value);
        }
        var dataLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[position..]);
        var data = body.Slice(position + 4, dataLength).ToArray();
        return new StoredMessage(data, attributes, orderingKey, publishTime);
    }

    public static uint Crc(ReadOnlySpan<byte> bytes) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, bytes);

    private static int WriteString16(string value, Span<byte> destination, string what)
    {
        var length = Utf8.GetBytes(value, destination[2..]);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"A message's {what} can be at most {ushort.MaxValue} bytes of UTF-8.");
        }
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)length);
        return 2 + length;
    }

    private static string ReadString16(ReadOnlySpan<byte> body, ref int position)
    {
        int length = BinaryPrimitives.ReadUInt16LittleEndian(body[position..]);
        var value = length == 0 ? "" : Utf8.GetString(body.Slice(position + 2, length));
        position += 2 + length;
        return value;
    }

    /// <summary>True when the length fields of the body add up to exactly its length.</summary>
    private static bool HasValidLayout(ReadOnlySpan<byte> body)
    {
        long position = 16;
        if (!Skip(body, ref position, 2, BinaryPrimitives.ReadUInt16LittleEndian(body[16..])) || position + 2 > body.Length)
        {
            return false;
        }
        int count = BinaryPrimitives.ReadUInt16LittleEndian(body[(int)position..]);
        position += 2;
        for (var i = 0; i < count; i++)
        {
            if (position + 2 > body.Length
                || !Skip(body, ref position, 2, BinaryPrimitives.ReadUInt16LittleEndian(body[(int)position..]))
                || position + 4 > body.Length
                || !Skip(body, ref position, 4, BinaryPrimitives.ReadUInt32LittleEndian(body[(int)position..])))
            {
                return false;
            }
        }
        if (position + 4 > body.Length)
        {
            return false;
        }
        return Skip(body, ref position, 4, BinaryPrimitives.ReadUInt32LittleEndian(body[(int)position..])) && position == body.Length;
    }

    private static bool Skip(ReadOnlySpan<byte> body, ref long position, int prefix, long length)
    {
        position += prefix + length;
        return position <= body.Length;
    }
}
