using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres.Messages;

internal sealed partial class PostgresMessageLog
{
    /// <summary>Read-ahead windows a log keeps at most: enough for a few subscriptions reading a backlog at once.</summary>
    private const int MaxWindows = 4;

    /// <summary>
    /// Recently committed messages, the caller's own instances, by sequence: slot <c>sequence &amp; (length - 1)</c>
    /// holds every sequence in [<see cref="_ringStart"/>, <see cref="_next"/>). Lock.
    /// </summary>
    private StoredMessage?[] _ring = [];

    private long _ringStart;

    /// <summary>Ranges read ahead below the ring, least recently used replaced first. Lock.</summary>
    private readonly List<ReadWindow> _windows = [];

    private long _windowUses;

    /// <summary>Caches a committed batch starting at <paramref name="first"/>; returns the bytes to admit to the budget. Lock must be held.</summary>
    private long CacheAppended(IReadOnlyList<PendingAppend> appends, long first)
    {
        if (!_store.Cache.Enabled)
        {
            return 0;
        }
        long count = 0;
        foreach (var append in appends)
        {
            count += append.Messages.Count;
        }
        var needed = first + count - _ringStart;
        if (needed > _ring.Length)
        {
            RecentMessageRing.Grow(ref _ring, _ringStart, _next, needed);
        }
        var mask = _ring.Length - 1;
        long bytes = 0;
        var sequence = first;
        foreach (var append in appends)
        {
            foreach (var message in append.Messages)
            {
                _ring[sequence++ & mask] = message;
                bytes += message.Size + PostgresMessageCache.OverheadBytes;
            }
        }
        return bytes;
    }

    /// <summary>Lock must be held.</summary>
    private bool TryReadCached(long sequence, out StoredMessage message)
    {
        if (sequence >= _ringStart && _ring.Length > 0 && _ring[sequence & (_ring.Length - 1)] is { } cached)
        {
            message = cached;
            return true;
        }
        foreach (var window in _windows)
        {
            if (window.Contains(sequence))
            {
                window.LastUsed = ++_windowUses;
                message = window[sequence];
                return true;
            }
        }
        message = null!;
        return false;
    }

    /// <summary>Keeps a window just read, replacing the least recently used one; false when the log was released. Lock must be held.</summary>
    private bool AddWindowLocked(ReadWindow window)
    {
        if (_released)
        {
            return false;
        }
        if (_windows.Count == MaxWindows)
        {
            var oldest = 0;
            for (var i = 1; i < _windows.Count; i++)
            {
                if (_windows[i].LastUsed < _windows[oldest].LastUsed)
                {
                    oldest = i;
                }
            }
            _windows.RemoveAt(oldest);
        }
        window.LastUsed = ++_windowUses;
        _windows.Add(window);
        return true;
    }

    /// <summary>Drops a window (the cache went over budget).</summary>
    internal void DropWindow(ReadWindow window)
    {
        lock (_lock)
        {
            _windows.Remove(window);
        }
    }

    /// <summary>Drops cached appends below <paramref name="end"/> (the cache went over budget).</summary>
    internal void EvictAppendedBelow(long end)
    {
        lock (_lock)
        {
            EvictAppendedBelowLocked(end);
        }
    }

    /// <summary>Lock must be held.</summary>
    private void EvictAppendedBelowLocked(long end)
    {
        RecentMessageRing.EvictBelow(ref _ring, ref _ringStart, end, _next);
    }

    /// <summary>Lock must be held.</summary>
    private void ClearCacheLocked()
    {
        _ring = [];
        _ringStart = _next;
        _windows.Clear();
    }
}
