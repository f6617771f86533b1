using Tidings.Storage.Messages;

namespace Tidings.Storage.InMemory;

/// <summary>
/// A topic log held on the heap in fixed-size chunks, so truncation frees whole chunks and reads never copy.
/// Appends take the lock; reads of already published chunks take it too (they are short).
/// </summary>
internal sealed class InMemoryMessageLog(long logId) : IMessageLog
{
    private const int ChunkSize = 4096;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, StoredMessage?[]> _chunks = [];
    private long _next = 1;
    private long _first = 1;

    public long LogId { get; } = logId;

    public long NextSequence
    {
        get { lock (_lock) { return _next; } }
    }

    public long FirstSequence
    {
        get { lock (_lock) { return _first; } }
    }

    public ValueTask<long> AppendAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var first = _next;
            foreach (var message in messages)
            {
                var chunkIndex = _next / ChunkSize;
                if (!_chunks.TryGetValue(chunkIndex, out var chunk))
                {
                    chunk = new StoredMessage?[ChunkSize];
                    _chunks[chunkIndex] = chunk;
                }
                chunk[_next % ChunkSize] = message;
                _next++;
            }
            return ValueTask.FromResult(first);
        }
    }

    public bool TryRead(long sequence, out StoredMessage message)
    {
        lock (_lock)
        {
            if (sequence >= _first && sequence < _next
                && _chunks.TryGetValue(sequence / ChunkSize, out var chunk)
                && chunk[sequence % ChunkSize] is { } found)
            {
                message = found;
                return true;
            }
        }
        message = null!;
        return false;
    }

    public void TruncateBefore(long sequence)
    {
        lock (_lock)
        {
            sequence = Math.Min(sequence, _next);
            if (sequence <= _first)
            {
                return;
            }
            for (var chunkIndex = _first / ChunkSize; chunkIndex < sequence / ChunkSize; chunkIndex++)
            {
                _chunks.Remove(chunkIndex);
            }
            if (_chunks.TryGetValue(sequence / ChunkSize, out var partial))
            {
                var from = sequence / ChunkSize == _first / ChunkSize ? _first % ChunkSize : 0;
                Array.Clear(partial, (int)from, (int)(sequence % ChunkSize - from));
            }
            _first = sequence;
        }
    }
}
