using Microsoft.Extensions.Time.Testing;
using Tidings.Storage.Messages;
using Tidings.Storage.Sqlite;
using Tidings.Storage.Tasks;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Tasks;

/// <summary>A task database with no room left fails the write with <see cref="StorageFullException"/> and stores none of it.</summary>
public sealed class SqliteTaskStoreDiskFullTests : IDisposable
{
    private const string Queue = "projects/p/locations/l/queues/q";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly SqliteTaskStore _store;

    public SqliteTaskStoreDiskFullTests() =>
        _store = new SqliteTaskStore(new SqliteStoreOptions(Path.Combine(_directory.Path, "tasks.db")) { MaxSizeBytes = 64 * 1024 },
            new TaskStoreOptions(), new FakeTimeProvider(Now));

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Create_NoRoom_ThrowsStorageFullStoresNothingAndSmallerTasksStillFit()
    {
        await Assert.ThrowsAsync<StorageFullException>(() => _store.CreateAsync(Queue, "large", Now, Now, new byte[100_000], CancellationToken.None));

        Assert.Null(await _store.GetAsync(Queue, "large", CancellationToken.None));
        Assert.Equal(0, await _store.CountAsync(Queue, CancellationToken.None));
        var small = await _store.CreateAsync(Queue, "small", Now, Now, new byte[100], CancellationToken.None);
        Assert.Equal(TaskWriteStatus.Done, small.Status);
    }

    [Fact]
    public async Task ConcurrentWrites_OneHasNoRoom_OnlyThatOneFails()
    {
        // Queued together, these usually share one group commit: the large one is rolled back to its savepoint alone.
        var large = _store.CreateAsync(Queue, "large", Now, Now, new byte[100_000], CancellationToken.None);
        var small = Enumerable.Range(0, 10).Select(i => _store.CreateAsync(Queue, $"small-{i}", Now, Now, new byte[100], CancellationToken.None)).ToList();

        await Assert.ThrowsAsync<StorageFullException>(() => large);
        Assert.All(await Task.WhenAll(small), result => Assert.Equal(TaskWriteStatus.Done, result.Status));
        Assert.Equal(10, await _store.CountAsync(Queue, CancellationToken.None));
    }
}
