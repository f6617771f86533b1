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

    /// <summary>
    /// The command for <paramref name="sql"/>, kept per text so SQLite parses and plans each statement once rather than
    /// on every call (the store runs a few dozen texts, thousands of times a second); its parameters are set anew.
    /// Runs under the gate, like everything that touches the connection; the commands are disposed with it.
    /// </summary>
    private SqliteCommand Command(SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        // A text is always called with the same names in the same order: its parameters are made once and given new
        // values, rather than a new SqliteParameter per value per call.
        var bound = command.Parameters;
        if (bound.Count != parameters.Length)
        {
            bound.Clear();
            foreach (var (name, _) in parameters)
            {
                bound.Add(new SqliteParameter { ParameterName = name });
            }
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = bound[i];
            if (!string.Equals(parameter.ParameterName, parameters[i].Name, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The statement is called with parameter {parameters[i].Name} where it had {parameter.ParameterName}.");
            }
            parameter.Value = parameters[i].Value ?? DBNull.Value;
        }
        return command;
    }

    private int Execute(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        Command(transaction, sql, parameters).ExecuteNonQuery();

    private object? Scalar(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        Command(transaction, sql, parameters).ExecuteScalar();

    /// <summary>Tasks of <paramref name="queue"/> from a statement returning the task columns in their order.</summary>
    private List<StoredTask> ReadTasks(SqliteTransaction? transaction, string queue, string sql, params (string Name, object? Value)[] parameters)
    {
        using var reader = Command(transaction, sql, parameters).ExecuteReader();
        var tasks = new List<StoredTask>();
        while (reader.Read())
        {
            tasks.Add(new StoredTask(queue, reader.GetString(0), TaskTime.FromMicros(reader.GetInt64(1)), TaskTime.FromMicros(reader.GetInt64(2)),
                (byte[])reader.GetValue(4), reader.GetInt64(3)));
        }
        return tasks;
    }
}
