using System.Collections.Concurrent;
using Tidings.Storage.Messages;

namespace Tidings.Storage.InMemory;

/// <summary>Topic logs that live as long as the process: the throw-away mode for tests.</summary>
public sealed class InMemoryMessageStore : IMessageStore
{
    private readonly ConcurrentDictionary<long, InMemoryMessageLog> _logs = new();
    private long _lastLogId;

    public IMessageLog CreateLog()
    {
        var log = new InMemoryMessageLog(Interlocked.Increment(ref _lastLogId));
        _logs[log.LogId] = log;
        return log;
    }

    public IMessageLog? FindLog(long logId) => _logs.GetValueOrDefault(logId);

    public void DeleteLog(long logId) => _logs.TryRemove(logId, out _);

    public IReadOnlyCollection<long> ListLogIds() => [.. _logs.Keys];
}
