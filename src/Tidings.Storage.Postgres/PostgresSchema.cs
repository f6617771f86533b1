using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;

namespace Tidings.Storage.Postgres;

/// <summary>
/// Creates and migrates the database's tables with the versioned SQL scripts embedded in this assembly
/// (<c>Migrations/NNNN_what.sql</c>, applied in version order, each version once, each in its own transaction and recorded in
/// <c>tidings_schema_migrations</c>). Safe when several nodes start at once: a transaction-scoped advisory lock lets
/// one migrate while the others wait and then find nothing left to do. A database migrated by a newer Tidings (a
/// version this build does not know) is refused rather than written with an older idea of its tables.
/// </summary>
public static partial class PostgresSchema
{
    // Any constant both sides agree on; "Tidings" in ASCII, so it is recognisable in pg_locks.
    private const long MigrationLockKey = 0x54_69_64_69_6E_67_73;

    /// <summary>The scripts this build knows, by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>The version a fully migrated database is at.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Applies every script the database has not had yet; returns how many were applied.</summary>
    /// <exception cref="Tidings.Storage.Messages.StorageFailedException">The database is unreachable, or was migrated by a newer Tidings.</exception>
    public static int Migrate(NpgsqlDataSource dataSource)
    {
        try
        {
            using var connection = dataSource.OpenConnection();
            var applied = 0;
            foreach (var (version, name, sql) in Migrations)
            {
                using var transaction = connection.BeginTransaction();
                // Under the lock even the bookkeeping table's creation: two nodes creating it at once would collide.
                Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})");
                Execute(connection, transaction, """
                    CREATE TABLE IF NOT EXISTS tidings_schema_migrations (
                        version    integer PRIMARY KEY,
                        name       text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """);
                var current = CurrentVersion(connection, transaction);
                if (current > LatestVersion)
                {
                    throw new Tidings.Storage.Messages.StorageFailedException(
                        $"The PostgreSQL database is at schema version {current}, newer than this Tidings knows ({LatestVersion}); upgrade Tidings.");
                }
                if (IsApplied(connection, transaction, version))
                {
                    transaction.Commit();
                    continue;
                }
                Execute(connection, transaction, sql);
                using (var record = new NpgsqlCommand("INSERT INTO tidings_schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    record.Parameters.Add(new NpgsqlParameter { Value = name });
                    record.ExecuteNonQuery();
                }
                transaction.Commit();
                applied++;
            }
            return applied;
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            throw PostgresErrors.ToStorageException(exception, "Migrating the PostgreSQL schema");
        }
    }

    /// <summary>The highest version applied, 0 for a database without Tidings' tables.</summary>
    public static int CurrentVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM tidings_schema_migrations", connection, transaction);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsApplied(NpgsqlConnection connection, NpgsqlTransaction transaction, int version)
    {
        using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM tidings_schema_migrations WHERE version = $1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return (bool)command.ExecuteScalar()!;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        const string prefix = "Tidings.Storage.Postgres.Migrations.";
        var assembly = typeof(PostgresSchema).Assembly;
        var migrations = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..];
            var match = MigrationName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{fileName}' is not named NNNN_what.sql.");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add((int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), fileName, reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Item1 == migrations[i - 1].Item1)
            {
                throw new InvalidOperationException($"Two migrations share version {migrations[i].Item1}: {migrations[i - 1].Item2}, {migrations[i].Item2}.");
            }
        }
        return migrations;
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex MigrationName();
}
