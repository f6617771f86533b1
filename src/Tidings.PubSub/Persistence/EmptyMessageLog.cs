using Tidings.Storage.Messages;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// Stands in for the log of a detached subscription whose topic and log are gone: it reads nothing more, but still
/// needs a log to report against.
/// </summary>
internal sealed class EmptyMessageLog(long logId) : IMessageLog
{
    public long LogId { get; } = logId;

    public long NextSequence => 1;

    public long FirstSequence => 1;

    public ValueTask<long> AppendAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The log of a detached subscription takes no messages.");

    public bool TryRead(long sequence, out StoredMessage message)
    {
        message = null!;
        return false;
    }

    public void TruncateBefore(long sequence)
    {
    }
}
