namespace Tidings.PubSub.Schemas.Protobuf;

/// <summary>Reads the Protocol Buffer wire format's primitives from a span; each read returns false on truncated or malformed data.</summary>
internal ref struct ProtoWireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                return false;
            }
            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return shift < 63 || b <= 1;
            }
        }
        return false;
    }

    public bool TrySkip(int count)
    {
        if (count > _data.Length - _position)
        {
            return false;
        }
        _position += count;
        return true;
    }

    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!TryReadVarint(out var length) || length > (ulong)(_data.Length - _position))
        {
            return false;
        }
        bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }
}
