using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Tidings.Storage.Segments;

/// <summary>
/// One segment file of a log: its open handle and the byte offset of each record, 8 bytes per message.
/// Members other than the reference count are guarded by the owning <see cref="SegmentLog"/>'s lock.
/// The handle is reference counted so a reader or the flusher can use it outside the lock while truncation
/// retires the segment; the last release closes the handle (and deletes the file when asked to).
/// </summary>
internal sealed class Segment(string path, SafeFileHandle handle, long firstSequence, ILogger logger)
{
    private long[] _offsets = new long[256];
    private int _count;
    private int _references = 1;
    private bool _deleteOnClose;

    public string Path { get; } = path;

    public SafeFileHandle Handle { get; } = handle;

    public long FirstSequence { get; } = firstSequence;

    /// <summary>Bytes of the header and the complete records; where the next record goes. Log lock.</summary>
    public long Length { get; set; } = SegmentHeader.Size;

    /// <summary>Records in the segment. Log lock.</summary>
    public int Count => _count;

    /// <summary>The sequence after the last record. Log lock.</summary>
    public long EndSequence => FirstSequence + _count;

    /// <summary>Indexes a record written at <paramref name="offset"/>; records are added in sequence order. Log lock.</summary>
    public void AddRecord(long offset)
    {
        if (_count == _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }
        _offsets[_count++] = offset;
    }

    /// <summary>Gives back the index's spare capacity once no record will be added (the segment is no longer active). Log lock.</summary>
    public void TrimIndex()
    {
        if (_offsets.Length > _count + 16)
        {
            Array.Resize(ref _offsets, Math.Max(_count, 1));
        }
    }

    /// <summary>Offset and length of the record of <paramref name="sequence"/>, which must be in this segment. Log lock.</summary>
    public (long Offset, int Length) Locate(long sequence)
    {
        var index = (int)(sequence - FirstSequence);
        var end = index + 1 < _count ? _offsets[index + 1] : Length;
        return (_offsets[index], (int)(end - _offsets[index]));
    }

    /// <summary>Takes a reference for use outside the log lock. Log lock (so the segment is not retired yet).</summary>
    public void Acquire() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Close();
        }
    }

    /// <summary>Drops the log's own reference; the file is closed (and deleted) once no reader holds it.</summary>
    public void Retire(bool deleteFile)
    {
        _deleteOnClose = deleteFile;
        Release();
    }

    private void Close()
    {
        Handle.Dispose();
        if (!_deleteOnClose)
        {
            return;
        }
        try
        {
            File.Delete(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A segment that survives its truncation only comes back after a restart as already-acked messages.
            SegmentLogStoreLog.SegmentDeleteFailed(logger, Path, ex);
        }
    }
}
