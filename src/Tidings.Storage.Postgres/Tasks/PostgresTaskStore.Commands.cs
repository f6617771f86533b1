using Npgsql;
using NpgsqlTypes;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Postgres.Tasks;

public sealed partial class PostgresTaskStore
{
    /// <summary>
    /// Runs one statement on a pooled connection and reads every row it returns with <paramref name="readRow"/>;
    /// PostgreSQL's and Npgsql's faults come out typed (<see cref="PostgresErrors"/>), naming <paramref name="action"/>.
    /// </summary>
    private Task<List<T>> QueryAsync<T>(string action, string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> readRow,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ExecuteAsync(action, sql, parameters, readRow, cancellationToken);
    }

    /// <summary>As <see cref="QueryAsync"/>, also once the store is disposed: the batches of writes queued before run so.</summary>
    private async Task<List<T>> ExecuteAsync<T>(string action, string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> readRow,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<T>();
            // Rows are read whole (not sequentially), so readRow's getters do no I/O.
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(readRow(reader));
            }
            return rows;
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            throw PostgresErrors.ToStorageException(exception, action);
        }
    }

    /// <summary>The one row of a statement that always returns one (an aggregate, a <c>SELECT EXISTS</c>).</summary>
    private async Task<T> QuerySingleAsync<T>(string action, string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> readRow,
        CancellationToken cancellationToken) =>
        (await QueryAsync(action, sql, parameters, readRow, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Tasks of <paramref name="queue"/> from a statement returning the task columns in their order.</summary>
    private Task<List<StoredTask>> ReadTasksAsync(string action, string queue, string sql, NpgsqlParameter[] parameters,
        CancellationToken cancellationToken) =>
        QueryAsync(action, sql, parameters, row => ReadTask(row, queue), cancellationToken);

    /// <summary>The task of a row whose first five columns are <c>task_id, schedule_time, create_time, version, payload</c>.</summary>
    private static StoredTask ReadTask(NpgsqlDataReader row, string queue) =>
        new(queue, row.GetString(0), ReadTime(row, 1), ReadTime(row, 2), row.GetFieldValue<byte[]>(4), row.GetInt64(3));

    /// <summary>A <c>timestamptz</c> column, which Npgsql reads as a UTC <see cref="DateTime"/>.</summary>
    private static DateTimeOffset ReadTime(NpgsqlDataReader row, int ordinal) => new(row.GetFieldValue<DateTime>(ordinal));

    private static NpgsqlParameter Text(string value) => new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    private static NpgsqlParameter Integer(long value) => new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    private static NpgsqlParameter Payload(byte[] value) => new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = value };

    /// <summary>
    /// A time truncated to the microsecond here, not by the driver or the server (which might round), so what the
    /// store answers equals what it stored. Never exactly <see cref="DateTime.MaxValue"/>, which Npgsql would send as
    /// <c>infinity</c>: truncation drops its last tick.
    /// </summary>
    private static NpgsqlParameter Time(DateTimeOffset value) =>
        new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = TaskTime.Truncate(value).UtcDateTime };

    private static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType elementType) =>
        new NpgsqlParameter<T[]> { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values };
}
