using Microsoft.Extensions.Hosting;
using Npgsql;
using Tidings.Storage.Messages;
using Tidings.Storage.Postgres;

namespace Tidings.Hosting;

/// <summary>
/// Creates or migrates the PostgreSQL schema as the host starts, first of all hosted services, so every node of a
/// cluster finds the tables it needs (several starting at once serialise on the migration lock). An unreachable
/// server or a schema from a newer Tidings stops start-up with <see cref="PostgresStartupException"/>.
/// </summary>
internal sealed class PostgresSchemaStartup(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            PostgresSchema.Migrate(dataSource);
        }
        catch (StorageFailedException exception)
        {
            throw new PostgresStartupException(exception.Message, exception);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The PostgreSQL database of <c>--store postgres</c> cannot be used: the command reports it as invalid settings.</summary>
internal sealed class PostgresStartupException(string message, Exception inner) : Exception(message, inner);
