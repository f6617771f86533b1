using Tidings.Storage.Messages;

namespace Tidings.Storage.Segments;

internal sealed partial class SegmentLog
{
    /// <summary>
    /// Recently appended messages by sequence, their data in the encoded batch they were written from: slot
    /// <c>sequence &amp; (length - 1)</c> holds every sequence in [<see cref="_ringStart"/>, <see cref="_writeEnd"/>). Lock.
    /// </summary>
    private StoredMessage?[] _ring = [];

    private long _ringStart;

    /// <summary>
    /// Caches a batch just written from <paramref name="records"/> (its encoded records, which the cache keeps: each
    /// cached message's data is its slice of them, so the caller's buffers are not held); returns the bytes to
    /// admit to the store's budget. Lock must be held.
    /// </summary>
    private long CacheAppended(IReadOnlyList<StoredMessage> messages, long first, ReadOnlyMemory<byte> records)
    {
        if (!_store.Cache.Enabled)
        {
            _ringStart = _writeEnd;
            return 0;
        }
        var needed = _writeEnd - _ringStart;
        if (needed > _ring.Length)
        {
            RecentMessageRing.Grow(ref _ring, _ringStart, first, needed);
        }
        var mask = _ring.Length - 1;
        long bytes = 0;
        var recordEnd = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            recordEnd += RecordCodec.LengthOfEncoded(records.Span[recordEnd..]);
            var data = records.Slice(recordEnd - message.Data.Length, message.Data.Length); // the data ends its record
            _ring[(first + i) & mask] = new StoredMessage(data, message.Attributes, message.OrderingKey, message.PublishTimeUnixMicros);
            bytes += message.Size + MessageCache.OverheadBytes;
        }
        return bytes;
    }

    /// <summary>Whether <paramref name="sequence"/> is among the cached ones (the newest). Lock must be held.</summary>
    private bool InCacheRange(long sequence) => _ring.Length > 0 && sequence >= _ringStart && sequence < _writeEnd;

    /// <summary>Lock must be held.</summary>
    private bool TryReadCache(long sequence, out StoredMessage message)
    {
        if (InCacheRange(sequence) && _ring[sequence & (_ring.Length - 1)] is { } cached)
        {
            message = cached;
            return true;
        }
        message = null!;
        return false;
    }

    /// <summary>Drops cached messages below <paramref name="end"/> (the store's cache went over budget).</summary>
    internal void EvictCacheBelow(long end)
    {
        lock (_lock)
        {
            EvictCacheBelowLocked(end);
        }
    }

    /// <summary>Lock must be held.</summary>
    private void EvictCacheBelowLocked(long end)
    {
        RecentMessageRing.EvictBelow(ref _ring, ref _ringStart, end, _writeEnd);
    }

    /// <summary>Lock must be held.</summary>
    private void ClearCacheLocked()
    {
        _ring = [];
        _ringStart = _writeEnd;
    }
}
