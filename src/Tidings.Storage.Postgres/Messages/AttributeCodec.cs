using System.Text;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>
/// A message's attributes as the one <c>attributes</c> bytea of <c>tidings_messages</c>: per pair, in order, the
/// key's UTF-8 length as an unsigned LEB128 varint and its bytes, then the value's. No pairs is zero bytes. One
/// column instead of a row per pair or a text[] keeps the insert one array element per message.
/// </summary>
internal static class AttributeCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }
        var length = 0;
        foreach (var (key, value) in attributes)
        {
            length += SizeOf(key) + SizeOf(value);
        }
        var buffer = new byte[length];
        var position = 0;
        foreach (var (key, value) in attributes)
        {
            position += Write(key, buffer.AsSpan(position));
            position += Write(value, buffer.AsSpan(position));
        }
        return buffer;
    }

    /// <exception cref="StorageFailedException">The bytes are not a valid encoding (a damaged row).</exception>
    public static KeyValuePair<string, string>[] Decode(ReadOnlySpan<byte> bytes, long logId, long sequence)
    {
        if (bytes.IsEmpty)
        {
            return [];
        }
        try
        {
            var pairs = new List<KeyValuePair<string, string>>();
            while (!bytes.IsEmpty)
            {
                var key = Read(ref bytes);
                var value = Read(ref bytes);
                pairs.Add(new KeyValuePair<string, string>(key, value));
            }
            return [.. pairs];
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or IndexOutOfRangeException)
        {
            throw new StorageFailedException($"Log {logId}: the attributes of sequence {sequence} are damaged.", exception);
        }
    }

    private static int SizeOf(string text)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        return VarintSize((uint)bytes) + bytes;
    }

    private static int Write(string text, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var position = 0;
        var remaining = (uint)length;
        while (remaining >= 0x80)
        {
            destination[position++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }
        destination[position++] = (byte)remaining;
        return position + Encoding.UTF8.GetBytes(text, destination[position..]);
    }

    private static string Read(ref ReadOnlySpan<byte> bytes)
    {
        uint length = 0;
        var shift = 0;
        while (true)
        {
            if (shift > 28)
            {
                throw new FormatException("Varint longer than five bytes.");
            }
            var b = bytes[0];
            bytes = bytes[1..];
            length |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
            shift += 7;
        }
        if (length > (uint)bytes.Length)
        {
            throw new FormatException("A length runs past the end of the attributes.");
        }
        var text = StrictUtf8.GetString(bytes[..(int)length]);
        bytes = bytes[(int)length..];
        return text;
    }

    private static int VarintSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }
}
