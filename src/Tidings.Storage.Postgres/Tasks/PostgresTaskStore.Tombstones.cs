namespace Tidings.Storage.Postgres.Tasks;

public sealed partial class PostgresTaskStore
{
    public Task<bool> IsTaskNameReservedAsync(string queue, string taskId, CancellationToken cancellationToken) =>
        QuerySingleAsync("Reading a task tombstone", PostgresTaskSql.TaskNameReserved, [Text(queue), Text(taskId), Time(_time.GetUtcNow())],
            row => row.GetBoolean(0), cancellationToken);

    public Task<bool> IsQueueNameReservedAsync(string queue, CancellationToken cancellationToken) =>
        QuerySingleAsync("Reading a queue tombstone", PostgresTaskSql.QueueNameReserved, [Text(queue), Time(_time.GetUtcNow())],
            row => row.GetBoolean(0), cancellationToken);

    public Task<int> RemoveExpiredTombstonesAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return QuerySingleAsync("Removing expired tombstones", PostgresTaskSql.RemoveExpiredTombstones, [Time(_time.GetUtcNow()), Integer(limit)],
            row => (int)row.GetInt64(0), cancellationToken);
    }
}
