using System.Buffers;
using System.Buffers.Binary;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Segments;

internal sealed partial class SegmentLog
{
    /// <summary>
    /// Encodes the batch into one buffer, writes it with one positional write at the end of the active segment,
    /// indexes and caches it, and completes once the flusher's fsync covers it (or at once in
    /// <see cref="SyncMode.Interval"/>). Cancellation is observed only before the write: once written, the append
    /// reports the outcome of its sync, since its messages will become readable either way.
    /// </summary>
    public ValueTask<long> AppendAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        if (messages.Count == 0)
        {
            return ValueTask.FromResult(NextSequence);
        }

        long capacity = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            capacity += RecordCodec.RecordSize(messages[i]);
        }
        if (capacity > Array.MaxLength)
        {
            throw new ArgumentException("The batch is too large for one append.", nameof(messages));
        }
        // With the cache on, the buffer is not pooled but kept by the cached messages, which read their data from
        // it (CacheAppended): a batch of 1 KiB messages is then one large array that the GC never copies, instead
        // of a thousand small ones that survive into gen 2 while cached (bench/RESULTS.md, Pub/Sub round 5).
        var keepBuffer = _store.Cache.Enabled;
        var buffer = keepBuffer ? GC.AllocateUninitializedArray<byte>((int)capacity) : ArrayPool<byte>.Shared.Rent((int)capacity);
        long first;
        long cachedBytes;
        Task? durable;
        try
        {
            // Encoded outside the lock with the sequence we expect; renumbered under it if another append won.
            var guess = Volatile.Read(ref _writeEnd);
            var length = Encode(messages, guess, buffer);
            var records = buffer.AsMemory(0, length);
            lock (_lock)
            {
                ThrowIfUnavailable();
                first = _writeEnd;
                if (first != guess)
                {
                    Renumber(records.Span, first);
                }
                var segment = ActiveSegmentFor(length);
                Write(segment, records.Span);
                Index(segment, records.Span);
                _writeEnd += messages.Count;
                _writtenBytes += length;
                cachedBytes = CacheAppended(messages, first, records);
                if (_store.Options.SyncMode == SyncMode.Always)
                {
                    _pendingSync ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    durable = _pendingSync.Task;
                }
                else
                {
                    Volatile.Write(ref _visibleEnd, _writeEnd);
                    durable = null;
                }
            }
        }
        finally
        {
            if (!keepBuffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        if (cachedBytes > 0)
        {
            _store.Cache.Admit(this, first + messages.Count, cachedBytes);
        }
        _store.Flusher.Enqueue(this);
        return durable is null ? ValueTask.FromResult(first) : WaitForSyncAsync(durable, first);
    }

    private static async ValueTask<long> WaitForSyncAsync(Task durable, long first)
    {
        await durable.ConfigureAwait(false);
        return first;
    }

    private static int Encode(IReadOnlyList<StoredMessage> messages, long first, byte[] buffer)
    {
        var position = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            position += RecordCodec.Encode(messages[i], first + i, buffer.AsSpan(position));
        }
        return position;
    }

    /// <summary>Rewrites the sequence numbers (and so the CRCs) of encoded records to start at <paramref name="first"/>.</summary>
    private static void Renumber(Span<byte> records, long first)
    {
        var position = 0;
        for (var sequence = first; position < records.Length; sequence++)
        {
            var length = RecordCodec.LengthOfEncoded(records[position..]);
            var record = records.Slice(position, length);
            BinaryPrimitives.WriteInt64LittleEndian(record[RecordCodec.FrameSize..], sequence);
            BinaryPrimitives.WriteUInt32LittleEndian(record, RecordCodec.Crc(record[4..]));
            position += length;
        }
    }

    /// <summary>Adds the offsets of records just written at the end of <paramref name="segment"/>. Lock must be held.</summary>
    private static void Index(Segment segment, ReadOnlySpan<byte> records)
    {
        var position = 0;
        while (position < records.Length)
        {
            segment.AddRecord(segment.Length + position);
            position += RecordCodec.LengthOfEncoded(records[position..]);
        }
        segment.Length += records.Length;
    }

    /// <summary>Lock must be held.</summary>
    private void ThrowIfUnavailable()
    {
        if (_failure is not null)
        {
            throw new StorageFailedException($"Log {LogId} refuses appends until restart after a failed sync.", _failure);
        }
        if (_closed)
        {
            ObjectDisposedException.ThrowIf(_store.IsDisposed, _store);
            throw new StorageFailedException($"Log {LogId} was deleted.");
        }
    }

    /// <summary>
    /// One positional write. On failure the file is cut back to its previous length so no partial record stays
    /// behind, and the error is mapped to the contract's exceptions. Lock must be held.
    /// </summary>
    private void Write(Segment segment, ReadOnlySpan<byte> records)
    {
        try
        {
            _store.Files.Write(segment.Handle, records, segment.Length);
        }
        catch (IOException ex)
        {
            try
            {
                _store.Files.SetLength(segment.Handle, segment.Length);
            }
            catch (IOException truncateError)
            {
                // A partial record may stay behind; recovery cuts it as a torn tail, but this log writes no more.
                _failure = new StorageFailedException(
                    $"Log {LogId}: writing to {segment.Path} failed and the partial write could not be cut off; the log refuses appends until restart.", truncateError);
                throw _failure;
            }
            if (DiskErrors.IsDiskFull(ex))
            {
                throw new StorageFullException($"No space left on the device to append to log {LogId} ({segment.Path}).", ex);
            }
            throw new StorageFailedException($"Log {LogId}: writing to {segment.Path} failed.", ex);
        }
    }

    /// <summary>The segment the next <paramref name="length"/> bytes go to, rolling when the active one is full. Lock must be held.</summary>
    private Segment ActiveSegmentFor(int length)
    {
        var active = _segments[^1];
        if (active.Count == 0 || active.Length + length <= _store.Options.SegmentBytes)
        {
            return active;
        }

        // Invariant kept here: every segment but the last is entirely on stable storage, so recovery only ever
        // meets a torn tail in the last one. This fsync runs under the lock, once per segment.
        try
        {
            _store.Files.Flush(active.Handle);
        }
        catch (IOException ex)
        {
            throw Poison(new StorageFailedException($"Log {LogId}: fsync of {active.Path} before rolling failed; the log refuses appends until restart.", ex));
        }
        _syncedEnd = _writeEnd;
        _syncedBytes = _writtenBytes;

        var next = CreateSegment(_store, LogId, Directory, _writeEnd, SegmentFlags.None);
        active.TrimIndex();
        _segments.Add(next);
        SegmentLogStoreLog.Rolled(_store.Logger, LogId, next.Path);
        return next;
    }

    /// <summary>
    /// Creates a segment file with its header and makes it durable (file and directory fsync) before any record
    /// goes into it. Failures leave no file behind and map to the contract's exceptions.
    /// </summary>
    internal static Segment CreateSegment(SegmentLogStore store, long logId, string directory, long firstSequence, SegmentFlags flags)
    {
        var path = Path.Combine(directory, SegmentFiles.NameOf(firstSequence));
        var files = store.Files;
        try
        {
            var handle = files.Open(path, FileMode.Create);
            try
            {
                Span<byte> header = stackalloc byte[SegmentHeader.Size];
                new SegmentHeader(logId, firstSequence, flags).Write(header);
                files.Write(handle, header, 0);
                files.Flush(handle);
                files.FlushDirectory(directory);
                return new Segment(path, handle, firstSequence, store.Logger);
            }
            catch
            {
                handle.Dispose();
                TryDelete(path);
                throw;
            }
        }
        catch (IOException ex) when (ex is not StorageFullException and not StorageFailedException)
        {
            if (DiskErrors.IsDiskFull(ex))
            {
                throw new StorageFullException($"No space left on the device to create segment {path} of log {logId}.", ex);
            }
            throw new StorageFailedException($"Creating segment {path} of log {logId} failed.", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind, an empty or header-only last segment is a torn creation that recovery rewrites.
        }
    }
}
