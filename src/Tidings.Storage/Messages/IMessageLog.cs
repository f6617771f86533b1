namespace Tidings.Storage.Messages;

/// <summary>
/// The append-only message sequence of one topic. Sequence numbers start at 1, grow by one per message and
/// are never reused. Implementations are thread-safe.
/// </summary>
public interface IMessageLog
{
    /// <summary>Unique, never-reused id of this log; a topic re-created under the same name gets a new log.</summary>
    long LogId { get; }

    /// <summary>Sequence number the next appended message will get.</summary>
    long NextSequence { get; }

    /// <summary>
    /// Lowest sequence number still readable; everything below it was truncated. Truncation is made durable per
    /// whole segment, so after a restart this may be lower than it was.
    /// </summary>
    long FirstSequence { get; }

    /// <summary>
    /// Appends the messages in order and returns the sequence number of the first. The task completes only once
    /// the messages are as durable as the store promises (for a durable store: on stable storage). Cancellation
    /// only applies before the write.
    /// </summary>
    ValueTask<long> AppendAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one message; false when it was truncated, not yet durable, or lost in a gap that a repair cut out.
    /// Throws <see cref="StorageFailedException"/> when the stored record cannot be read back intact: a damaged
    /// message is an error, never silently skipped.
    /// </summary>
    bool TryRead(long sequence, out StoredMessage message);

    /// <summary>
    /// Reads each of <paramref name="sequences"/> as <see cref="TryRead"/> would into the same index of
    /// <paramref name="into"/>, null where it returns false. A store may read neighbouring records with one I/O, so
    /// a reader that needs a run of messages should ask for them together. Throws as <see cref="TryRead"/> does.
    /// </summary>
    void TryReadMany(ReadOnlySpan<long> sequences, Span<StoredMessage?> into)
    {
        for (var i = 0; i < sequences.Length; i++)
        {
            into[i] = TryRead(sequences[i], out var message) ? message : null;
        }
    }

    /// <summary>Allows the store to drop every message below <paramref name="sequence"/>.</summary>
    void TruncateBefore(long sequence);
}
