namespace Tidings.PubSub.Schemas.Avro;

/// <summary>
/// Reads Avro's binary primitives from a span without materialising values: zig-zag varints, lengths and skips.
/// Each read returns false when the data ends early or is malformed.
/// </summary>
internal ref struct AvroBinaryReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position == _data.Length;

    public readonly int Remaining => _data.Length - _position;

    public bool TryReadLong(out long value) => TryReadVarint(10, out value);

    public bool TryReadInt(out int value)
    {
        value = 0;
        if (!TryReadVarint(5, out var wide) || wide is < int.MinValue or > int.MaxValue)
        {
            return false;
        }
        value = (int)wide;
        return true;
    }

    public bool TryReadBoolean()
    {
        if (_position >= _data.Length || _data[_position] > 1)
        {
            return false;
        }
        _position++;
        return true;
    }

    public bool TrySkip(long count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            return false;
        }
        _position += (int)count;
        return true;
    }

    /// <summary>A length-prefixed byte string (Avro <c>bytes</c> and <c>string</c>).</summary>
    public bool TryReadBytes(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!TryReadLong(out var length) || length < 0 || length > _data.Length - _position)
        {
            return false;
        }
        bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    /// <summary>A little-endian base-128 varint of at most <paramref name="maxBytes"/>, zig-zag decoded.</summary>
    private bool TryReadVarint(int maxBytes, out long value)
    {
        value = 0;
        ulong raw = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            if (_position >= _data.Length)
            {
                return false;
            }
            var b = _data[_position++];
            raw |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }
        }
        return false;
    }

}
