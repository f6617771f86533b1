using Microsoft.Win32.SafeHandles;
using Tidings.Storage.Segments;

namespace Tidings.Storage.Tests.Support;

/// <summary>
/// The real file operations, counting fsyncs and failing on demand: the next writes with ENOSPC (optionally after
/// writing part of the data, as a short write does), the next fsyncs with EIO, or an fsync held until released.
/// </summary>
internal sealed class FaultyFileOps : ISegmentFileOps
{
    private const int Enospc = 28;
    private const int Eio = 5;

    private readonly ISegmentFileOps _inner = SystemSegmentFileOps.Instance;
    private int _flushes;
    private int _diskFullWrites;
    private int _failingFlushes;
    private int _writes;

    /// <summary>When set, an fsync waits on it before syncing (to observe appends waiting for their sync).</summary>
    public ManualResetEventSlim? FlushGate { get; set; }

    /// <summary>Set when an fsync has started (and, with <see cref="FlushGate"/> closed, is waiting).</summary>
    public ManualResetEventSlim FlushStarted { get; } = new(false);

    /// <summary>Bytes a failing write still writes before it fails.</summary>
    public int PartialWriteBytes { get; set; }

    public int Flushes => Volatile.Read(ref _flushes);

    public int Writes => Volatile.Read(ref _writes);

    public void FailNextWritesWithDiskFull(int count) => Volatile.Write(ref _diskFullWrites, count);

    public void FailNextFlushes(int count) => Volatile.Write(ref _failingFlushes, count);

    public SafeFileHandle Open(string path, FileMode mode) => _inner.Open(path, mode);

    public long GetLength(SafeFileHandle file) => _inner.GetLength(file);

    public int Read(SafeFileHandle file, Span<byte> buffer, long offset) => _inner.Read(file, buffer, offset);

    public void Write(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        if (Interlocked.Decrement(ref _diskFullWrites) >= 0)
        {
            _inner.Write(file, data[..Math.Min(PartialWriteBytes, data.Length)], offset);
            throw new IOException("No space left on device (injected)", Enospc);
        }
        Interlocked.Increment(ref _writes);
        _inner.Write(file, data, offset);
    }

    public void SetLength(SafeFileHandle file, long length) => _inner.SetLength(file, length);

    public void Flush(SafeFileHandle file)
    {
        FlushStarted.Set();
        FlushGate?.Wait(TimeSpan.FromSeconds(10));
        Interlocked.Increment(ref _flushes);
        if (Interlocked.Decrement(ref _failingFlushes) >= 0)
        {
            throw new IOException("Input/output error (injected)", Eio);
        }
        _inner.Flush(file);
    }

    public void FlushDirectory(string path) => _inner.FlushDirectory(path);
}
