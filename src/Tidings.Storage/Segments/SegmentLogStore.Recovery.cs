namespace Tidings.Storage.Segments;

public sealed partial class SegmentLogStore
{
    /// <summary>
    /// Recovers every log directory, removes leftovers of interrupted deletions and creations, and loads the log
    /// id counter. Runs in the constructor, before anything else can reach the store.
    /// </summary>
    private RecoveryReport RecoverLogs()
    {
        var report = new RecoveryReport();
        long highestDirectory = 0;
        var directories = System.IO.Directory.GetDirectories(Root);
        Array.Sort(directories, StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            var name = Path.GetFileName(directory);
            if (SegmentFiles.TryParseDeletedDirectory(name, out var deletedId))
            {
                highestDirectory = Math.Max(highestDirectory, deletedId);
                RemoveDirectory(report, directory, "a log deletion was interrupted");
            }
            else if (SegmentFiles.TryParseLogDirectory(name, out var logId))
            {
                highestDirectory = Math.Max(highestDirectory, logId);
                if (LogRecovery.Recover(this, logId, directory, report) is { } log)
                {
                    _logs[logId] = log;
                }
                else
                {
                    RemoveDirectory(report, directory, "a log creation was interrupted before its first segment existed");
                }
            }
        }
        _lastLogId = Math.Max(LoadCounter(highestDirectory), highestDirectory);
        return report;
    }

    /// <summary>
    /// The stored counter. It is written before any log directory is made, so a missing or unreadable counter
    /// beside log directories could hand out a deleted log's id again: refused unless repairing.
    /// </summary>
    private long LoadCounter(long highestDirectory)
    {
        long? stored;
        try
        {
            stored = _counter.Load();
        }
        catch (InvalidDataException) when (Options.Repair)
        {
            stored = null;
        }
        if (stored is { } value)
        {
            return value;
        }
        if (highestDirectory > 0)
        {
            var path = Path.Combine(Root, LogIdCounter.FileName);
            if (!Options.Repair)
            {
                throw new InvalidDataException(
                    $"The log id counter {path} is missing or corrupt while log directories exist; start with the repair option to continue after the highest one ({highestDirectory}).");
            }
            SegmentLogStoreLog.CounterMissing(Logger, path, highestDirectory);
            _counter.Store(highestDirectory);
        }
        return highestDirectory;
    }

    private void RemoveDirectory(RecoveryReport report, string directory, string reason)
    {
        System.IO.Directory.Delete(directory, recursive: true);
        Files.FlushDirectory(Root);
        report.AddRemovedDirectory(directory);
        SegmentLogStoreLog.DirectoryRemoved(Logger, directory, reason);
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind, a log directory without a segment is removed at the next start.
        }
    }
}
