using Tidings.Storage.Sqlite;
using Tidings.Storage.Tasks;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Tasks;

public sealed class SqliteTaskStoreComplianceTests : TaskStoreCompliance
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "tasks.db");

    protected override ITaskStore CreateStore(TaskStoreOptions options, TimeProvider time) =>
        new SqliteTaskStore(new SqliteStoreOptions(DatabasePath), options, time);

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Reopen_AfterDispose_KeepsTasksAndTombstones()
    {
        await CreateAsync("kept", dueInSeconds: 5);
        await CreateAsync("deleted");
        await Store.DeleteAsync(Queue, "deleted", null, None);
        await Store.DeleteQueueAsync(OtherQueue, None);
        Store.Dispose();

        using var reopened = CreateStore(Options, Time);

        var kept = await reopened.GetAsync(Queue, "kept", None);
        Assert.Equal(Start.AddSeconds(5), kept!.ScheduleTime);
        Assert.True(await reopened.IsTaskNameReservedAsync(Queue, "deleted", None));
        Assert.True(await reopened.IsQueueNameReservedAsync(OtherQueue, None));
    }
}
