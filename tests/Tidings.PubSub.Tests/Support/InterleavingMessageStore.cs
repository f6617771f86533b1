using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Tests.Support;

/// <summary>
/// An in-memory store whose logs can run an action right after a reader takes the log's end, before a message is
/// read, before an append, or before a truncation, to reproduce a race between a reader and a writer deterministically.
/// </summary>
internal sealed class InterleavingMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new();

    public List<InterleavingLog> Logs { get; } = [];

    public IMessageLog CreateLog()
    {
        var log = new InterleavingLog(_inner.CreateLog());
        Logs.Add(log);
        return log;
    }

    public IMessageLog? FindLog(long logId) => Logs.Find(log => log.LogId == logId) is { } log && _inner.FindLog(logId) is not null ? log : null;

    public void DeleteLog(long logId) => _inner.DeleteLog(logId);

    public IReadOnlyCollection<long> ListLogIds() => _inner.ListLogIds();

    internal sealed class InterleavingLog(IMessageLog inner) : IMessageLog
    {
        private Action? _onNextSequenceRead;

        /// <summary>Runs once, on the next read of <see cref="NextSequence"/>, after the value was taken.</summary>
        public Action? OnNextSequenceRead
        {
            get => _onNextSequenceRead;
            set => _onNextSequenceRead = value;
        }

        /// <summary>Runs before every read, with the sequence; it may throw to fail the read.</summary>
        public Action<long>? BeforeRead { get; set; }

        /// <summary>Runs before every truncation, with the sequence.</summary>
        public Action<long>? BeforeTruncate { get; set; }

        /// <summary>Drops messages below <paramref name="sequence"/> as the store would, without running the hooks.</summary>
        public void TruncateInner(long sequence) => inner.TruncateBefore(sequence);

        public long LogId => inner.LogId;

        public long NextSequence
        {
            get
            {
                var next = inner.NextSequence;
                Interlocked.Exchange(ref _onNextSequenceRead, null)?.Invoke();
                return next;
            }
        }

        public long FirstSequence => inner.FirstSequence;

        /// <summary>Runs before every append and is awaited; it may throw to fail the append.</summary>
        public Func<Task>? BeforeAppend { get; set; }

        public async ValueTask<long> AppendAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
        {
            if (BeforeAppend is { } hook)
            {
                await hook();
            }
            return await inner.AppendAsync(messages, cancellationToken);
        }

        public bool TryRead(long sequence, out StoredMessage message)
        {
            BeforeRead?.Invoke(sequence);
            return inner.TryRead(sequence, out message);
        }

        public void TruncateBefore(long sequence)
        {
            BeforeTruncate?.Invoke(sequence);
            inner.TruncateBefore(sequence);
        }
    }
}
