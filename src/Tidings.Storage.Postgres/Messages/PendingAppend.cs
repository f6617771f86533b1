using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>One append waiting in the writer's queue; completed with its first sequence once its transaction committed.</summary>
internal sealed class PendingAppend(PostgresMessageLog log, IReadOnlyList<StoredMessage> messages, long dataBytes)
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresMessageLog Log { get; } = log;

    public IReadOnlyList<StoredMessage> Messages { get; } = messages;

    /// <summary>Bytes of data, attributes and ordering keys, to size a group commit.</summary>
    public long DataBytes { get; } = dataBytes;

    public Task<long> Task => _completion.Task;

    public void Complete(long first) => _completion.TrySetResult(first);

    public void Fail(Exception reason) => _completion.TrySetException(reason);
}
