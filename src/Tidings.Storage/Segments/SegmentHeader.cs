using System.Buffers.Binary;

namespace Tidings.Storage.Segments;

/// <summary>
/// The 32 bytes at the start of every segment file (FORMAT.md): magic, format version, flags, log id, first
/// sequence, and a CRC-32C of the bytes before it.
/// </summary>
internal readonly record struct SegmentHeader(long LogId, long FirstSequence, SegmentFlags Flags)
{
    public const int Size = 32;
    public const uint Magic = 0x47455354; // "TSEG" read as a little-endian u32
    public const ushort Version = 1;

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Flags);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], LogId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], FirstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], RecordCodec.Crc(destination[..28]));
    }

    /// <summary>Parses a header; false with a reason when the bytes are not a valid version-1 header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SegmentHeader header, out string problem)
    {
        header = default;
        if (source.Length < Size)
        {
            problem = "the file is shorter than a segment header";
            return false;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            problem = "bad magic";
            return false;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[28..]) != RecordCodec.Crc(source[..28]))
        {
            problem = "header CRC mismatch";
            return false;
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]);
        if (version != Version)
        {
            problem = $"unsupported format version {version}";
            return false;
        }
        header = new SegmentHeader(
            BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
            (SegmentFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[6..]));
        problem = "";
        return true;
    }
}
