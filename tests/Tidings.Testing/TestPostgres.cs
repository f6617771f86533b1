using Npgsql;

namespace Tidings.Testing;

/// <summary>
/// A database of its own on the test PostgreSQL, created empty and dropped (with whoever is still connected) on
/// dispose. The server is <c>TIDINGS_TEST_POSTGRES</c> (a connection string) or, by default, the loopback one that
/// <c>scripts/test-postgres.sh</c> starts with the <c>tidings</c> role. No server is an error, never a skip: CI
/// installs and starts one.
/// </summary>
public sealed class TestPostgres : IDisposable
{
    /// <summary>The server the tests use, connected to its maintenance database.</summary>
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("TIDINGS_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=tidings;Password=tidings;Database=postgres";

    public TestPostgres()
    {
        DatabaseName = "tidings_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            Admin($"CREATE DATABASE {DatabaseName}");
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException(
                $"The tests need PostgreSQL at '{Redacted(ServerConnectionString)}' ({exception.Message}). Run scripts/test-postgres.sh, or set TIDINGS_TEST_POSTGRES.",
                exception);
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = DatabaseName }.ConnectionString;
    }

    public string DatabaseName { get; }

    /// <summary>Connects to this test's database.</summary>
    public string ConnectionString { get; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        // PostgreSQL 15 refuses FORCE to a role that is not a superuser while an autovacuum worker is on the
        // database (42501: the worker has no role to be a member of); the worker is done within moments.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Admin($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string Redacted(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;
}
