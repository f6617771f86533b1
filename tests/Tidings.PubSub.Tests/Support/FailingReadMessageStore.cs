using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Tests.Support;

/// <summary>An in-memory store whose reads fail with <see cref="StorageFailedException"/> as often as a test asks, as a damaged disk would.</summary>
internal sealed class FailingReadMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new();
    private int _failuresLeft;
    private int _failedReads;

    /// <summary>How many reads failed so far.</summary>
    public int FailedReads => Volatile.Read(ref _failedReads);

    /// <summary>Makes the next <paramref name="count"/> reads of any log fail.</summary>
    public void FailNextReads(int count) => Volatile.Write(ref _failuresLeft, count);

    public IMessageLog CreateLog() => new FailingLog(_inner.CreateLog(), this);

    public IMessageLog? FindLog(long logId) => _inner.FindLog(logId) is { } log ? new FailingLog(log, this) : null;

    public void DeleteLog(long logId) => _inner.DeleteLog(logId);

    public IReadOnlyCollection<long> ListLogIds() => _inner.ListLogIds();

    private bool TakeFailure()
    {
        var left = Volatile.Read(ref _failuresLeft);
        while (left > 0)
        {
            var seen = Interlocked.CompareExchange(ref _failuresLeft, left - 1, left);
            if (seen == left)
            {
                Interlocked.Increment(ref _failedReads);
                return true;
            }
            left = seen;
        }
        return false;
    }

    private sealed class FailingLog(IMessageLog inner, FailingReadMessageStore store) : IMessageLog
    {
        public long LogId => inner.LogId;

        public long NextSequence => inner.NextSequence;

        public long FirstSequence => inner.FirstSequence;

        public ValueTask<long> AppendAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken) =>
            inner.AppendAsync(messages, cancellationToken);

        public bool TryRead(long sequence, out StoredMessage message) =>
            store.TakeFailure()
                ? throw new StorageFailedException($"Reading message {sequence} of log {LogId} failed (injected).")
                : inner.TryRead(sequence, out message);

        public void TruncateBefore(long sequence) => inner.TruncateBefore(sequence);
    }
}
