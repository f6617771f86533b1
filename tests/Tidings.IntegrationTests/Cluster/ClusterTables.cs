using Npgsql;
using Tidings.Storage.Postgres;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>For tests that drive <c>ClusterDatabase</c> sessions without a node: a database with every migration applied.</summary>
internal static class ClusterTables
{
    public static TestPostgres NewDatabase()
    {
        var database = new TestPostgres();
        using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        PostgresSchema.Migrate(dataSource);
        return database;
    }
}
