using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Tidings.Storage.Sqlite;
using Tidings.Storage.Tasks;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Sqlite;

/// <summary>A database whose schema a newer Tidings wrote (a higher <c>user_version</c>) is refused at open, naming the file.</summary>
public sealed class SchemaVersionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string NewerDatabase(string name)
    {
        var path = Path.Combine(_directory.Path, name);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version=2;";
        command.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public void Open_TaskDatabaseOfNewerSchema_FailsNamingTheFile()
    {
        var path = NewerDatabase("tasks.db");

        var error = Assert.Throws<InvalidDataException>(() => new SqliteTaskStore(new SqliteStoreOptions(path), new TaskStoreOptions(), new FakeTimeProvider()));

        Assert.Contains($"{path} has schema version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_StateDatabaseOfNewerSchema_FailsNamingTheFile()
    {
        var path = NewerDatabase("state.db");

        var error = Assert.Throws<InvalidDataException>(() => new SqliteStateStore(path));

        Assert.Contains($"{path} has schema version 2", error.Message, StringComparison.Ordinal);
    }
}
