namespace Tidings.Storage.Messages;

/// <summary>Creates, finds and deletes topic logs.</summary>
public interface IMessageStore
{
    IMessageLog CreateLog();

    /// <summary>The log with that id, or null when it does not exist (never created or deleted).</summary>
    IMessageLog? FindLog(long logId);

    /// <summary>Deletes the log and its messages. Unknown ids are ignored.</summary>
    void DeleteLog(long logId);
}
