using Microsoft.Win32.SafeHandles;

namespace Tidings.Storage.Segments;

/// <summary>
/// The file operations of the segment log, behind an interface so tests can inject full disks and failing
/// fsyncs. Implementations are thread-safe; they throw <see cref="IOException"/> as the runtime does.
/// </summary>
internal interface ISegmentFileOps
{
    /// <summary>Opens a file for reading and writing (<see cref="FileMode.Open"/> or <see cref="FileMode.CreateNew"/>).</summary>
    SafeFileHandle Open(string path, FileMode mode);

    long GetLength(SafeFileHandle file);

    int Read(SafeFileHandle file, Span<byte> buffer, long offset);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/> in one positional write.</summary>
    void Write(SafeFileHandle file, ReadOnlySpan<byte> data, long offset);

    void SetLength(SafeFileHandle file, long length);

    /// <summary>fsync: returns once the file's data and size are on stable storage.</summary>
    void Flush(SafeFileHandle file);

    /// <summary>fsync of a directory, making the creation, rename or removal of its entries durable.</summary>
    void FlushDirectory(string path);
}
