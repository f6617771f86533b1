using Microsoft.Extensions.Logging;
using Npgsql;
using Tidings.PubSub.Cells;
using Tidings.Storage.Postgres;

namespace Tidings.Cluster;

/// <summary>
/// Announces this node's schema changes to every node (itself included) with PostgreSQL's <c>NOTIFY</c> on
/// <see cref="Channel"/>, the schema's full name as payload; <see cref="SchemaChangeListener"/> hears them. It runs
/// after the change committed, in a statement of its own: PostgreSQL delivers a notification only once its
/// transaction commits, and one sent alone commits at once.
/// </summary>
internal sealed class PostgresSchemaChangeNotifier(NpgsqlDataSource dataSource, ILogger<PostgresSchemaChangeNotifier> logger) : ISchemaChangeNotifier
{
    public const string Channel = "tidings_schemas";

    public void SchemaChanged(string schema)
    {
        try
        {
            using var command = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Channel });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
            command.ExecuteNonQuery();
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            // The change is stored and answered for; the others read the schema when they miss it or listen again.
            SchemaChangeLog.NotifyFailed(logger, schema, exception.Message);
        }
    }
}
