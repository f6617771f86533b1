namespace Tidings.Storage.Messages;

/// <summary>
/// Creates, finds and deletes topic logs (one append-only log per topic; see <see cref="IMessageLog"/>). Appends
/// that cannot be stored fail with <see cref="StorageFullException"/> (no space) or
/// <see cref="StorageFailedException"/> (any other I/O or sync failure); neither leaves a partly written message
/// readable. Thread-safe.
/// </summary>
public interface IMessageStore
{
    /// <summary>A new, empty log with an id never handed out before (not even to a deleted log); durable on return.</summary>
    IMessageLog CreateLog();

    /// <summary>The log with that id, or null when it does not exist (never created or deleted).</summary>
    IMessageLog? FindLog(long logId);

    /// <summary>Deletes the log and its messages. Unknown ids are ignored.</summary>
    void DeleteLog(long logId);

    /// <summary>Ids of every log the store holds (after a restart: every log recovered from disk).</summary>
    IReadOnlyCollection<long> ListLogIds();
}
