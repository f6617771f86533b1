using Microsoft.Data.Sqlite;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Sqlite;

public sealed partial class SqliteTaskStore
{
    /// <summary>Runs <paramref name="body"/> alone on the connection, storage faults typed.</summary>
    private async Task<T> RunAsync<T>(string action, Func<T> body, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return body();
        }
        catch (SqliteException exception) when (SqliteErrors.IsStorageFault(exception))
        {
            throw SqliteErrors.ToStorageException(exception, action);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private int Execute(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>Tasks of <paramref name="queue"/> from a statement returning the task columns in their order.</summary>
    private List<StoredTask> ReadTasks(SqliteTransaction? transaction, string queue, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var tasks = new List<StoredTask>();
        while (reader.Read())
        {
            tasks.Add(new StoredTask(queue, reader.GetString(0), TaskTime.FromMicros(reader.GetInt64(1)), TaskTime.FromMicros(reader.GetInt64(2)),
                (byte[])reader.GetValue(4), reader.GetInt64(3)));
        }
        return tasks;
    }
}
