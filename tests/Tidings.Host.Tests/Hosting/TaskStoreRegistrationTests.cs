using Microsoft.Extensions.DependencyInjection;
using Tidings.Configuration;
using Tidings.Hosting;
using Tidings.Storage.InMemory;
using Tidings.Storage.Sqlite;
using Tidings.Storage.Tasks;

namespace Tidings.Host.Tests.Hosting;

/// <summary>The host offers Cloud Tasks its task store: in memory with <c>--in-memory</c>, else <c>tasks.db</c> in the data directory.</summary>
public sealed class TaskStoreRegistrationTests : IDisposable
{
    private const string Queue = "projects/p/locations/l/queues/q";

    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("tidings-task-store-");

    public void Dispose() => _dataDir.Delete(recursive: true);

    [Fact]
    public async Task TaskStore_Durable_IsSqliteInTheDataDirectoryAndKeepsTasksAcrossRestarts()
    {
        var options = new TidingsOptions { Host = "127.0.0.1", Port = 0, InMemory = false, DataDir = _dataDir.FullName };
        await using (var app = TidingsHost.Build(options))
        {
            var store = app.Services.GetRequiredService<ITaskStore>();
            Assert.IsType<SqliteTaskStore>(store);
            var now = DateTimeOffset.UtcNow;
            await store.CreateAsync(Queue, "t1", now, now, "payload"u8.ToArray(), CancellationToken.None);
        }

        Assert.True(File.Exists(Path.Combine(_dataDir.FullName, StorageRegistration.TasksFile)));
        await using var restarted = TidingsHost.Build(options);
        var task = await restarted.Services.GetRequiredService<ITaskStore>().GetAsync(Queue, "t1", CancellationToken.None);
        Assert.Equal("payload"u8.ToArray(), task!.Payload.ToArray());
    }

    [Fact]
    public async Task TaskStore_InMemory_IsTheInMemoryTwin()
    {
        var options = new TidingsOptions { Host = "127.0.0.1", Port = 0, InMemory = true, DataDir = "/unused" };
        await using var app = TidingsHost.Build(options);

        Assert.IsType<InMemoryTaskStore>(app.Services.GetRequiredService<ITaskStore>());
    }
}
