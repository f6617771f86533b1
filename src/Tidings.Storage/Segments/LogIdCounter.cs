using System.Buffers.Binary;

namespace Tidings.Storage.Segments;

/// <summary>
/// The last log id handed out, kept in <c>log-ids</c> in the root so a deleted log's id is never reused
/// (FORMAT.md). Each new value is written to <c>log-ids.tmp</c>, fsynced, renamed over the file and the
/// directory fsynced. Callers serialize access (the store's create lock).
/// </summary>
internal sealed class LogIdCounter(string directory, ISegmentFileOps files)
{
    public const string FileName = "log-ids";
    private const int Size = 16;
    private const uint Magic = 0x44494C54; // "TLID" read as a little-endian u32

    private string FilePath => Path.Combine(directory, FileName);

    private string TempPath => FilePath + ".tmp";

    /// <summary>The stored value; null when the file does not exist. Throws when it is unreadable.</summary>
    public long? Load()
    {
        if (File.Exists(TempPath))
        {
            File.Delete(TempPath); // a write that never reached its rename; the old value stands
        }
        if (!File.Exists(FilePath))
        {
            return null;
        }
        using var handle = files.Open(FilePath, FileMode.Open);
        Span<byte> bytes = stackalloc byte[Size];
        var read = files.Read(handle, bytes, 0);
        if (read != Size || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]) != RecordCodec.Crc(bytes[8..]))
        {
            throw new InvalidDataException($"The log id counter {FilePath} is corrupt.");
        }
        return BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }

    /// <summary>Durably replaces the stored value.</summary>
    public void Store(long lastLogId)
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], lastLogId);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], RecordCodec.Crc(bytes[8..]));
        using (var handle = files.Open(TempPath, FileMode.Create))
        {
            files.Write(handle, bytes, 0);
            files.Flush(handle);
        }
        File.Move(TempPath, FilePath, overwrite: true);
        files.FlushDirectory(directory);
    }
}
