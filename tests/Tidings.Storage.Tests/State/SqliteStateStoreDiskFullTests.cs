using Tidings.Storage.Messages;
using Tidings.Storage.Sqlite;
using Tidings.Storage.State;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.State;

/// <summary>
/// A state database with no room left (SQLITE_FULL, here from a size bound, as SQLite also reports ENOSPC) fails the
/// batch with <see cref="StorageFullException"/>, stores none of it, and keeps working once there is room.
/// </summary>
public sealed class SqliteStateStoreDiskFullTests : IDisposable
{
    // Two pages: the schema and the table's root, so a small document fits and a 10 KB one needs pages there are not.
    private const long TwoPages = 2 * 4096;

    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "state.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Apply_NoRoomForTheBatch_ThrowsStorageFullAndStoresNoneOfIt()
    {
        using var store = new SqliteStateStore(new SqliteStoreOptions(DatabasePath) { MaxSizeBytes = TwoPages });
        store.Apply([StateChange.Put("topic", "a", new byte[100])]);

        var error = Assert.Throws<StorageFullException>(() =>
            store.Apply([StateChange.Put("topic", "b", new byte[100]), StateChange.Put("topic", "c", new byte[10_000])]));

        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(error.InnerException);
        Assert.Equal(["a"], store.LoadAll("topic").Select(d => d.Key));
    }

    [Fact]
    public void Apply_AfterStorageFull_StoreKeepsWorking()
    {
        using (var store = new SqliteStateStore(new SqliteStoreOptions(DatabasePath) { MaxSizeBytes = TwoPages }))
        {
            Assert.Throws<StorageFullException>(() => store.Apply([StateChange.Put("topic", "big", new byte[10_000])]));

            store.Apply([StateChange.Put("topic", "small", new byte[100])]);
        }

        using var reopened = new SqliteStateStore(DatabasePath);
        Assert.Equal(["small"], reopened.LoadAll("topic").Select(d => d.Key));
    }
}
