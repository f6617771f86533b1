using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Tests.Tasks;

/// <summary>What every <see cref="ITaskStore"/> must do, run against each implementation by a subclass.</summary>
public abstract class TaskStoreCompliance : IDisposable
{
    protected const string Queue = "projects/p/locations/l/queues/q";
    protected const string OtherQueue = "projects/p/locations/l/queues/other";

    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly TaskStoreOptions Options = new() { TaskNameReservation = TimeSpan.FromHours(1), QueueNameReservation = TimeSpan.FromDays(7) };

    private ITaskStore? _store;

    protected FakeTimeProvider Time { get; } = new(Start);

    protected ITaskStore Store => _store ??= CreateStore(Options, Time);

    protected static CancellationToken None => CancellationToken.None;

    protected abstract ITaskStore CreateStore(TaskStoreOptions options, TimeProvider time);

    public virtual void Dispose()
    {
        _store?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(StoredTask task) => Encoding.UTF8.GetString(task.Payload.Span);

    /// <summary>Creates a task due <paramref name="dueInSeconds"/> after <see cref="Start"/>, created now, with its id as payload.</summary>
    protected async Task<StoredTask> CreateAsync(string id, int dueInSeconds = 0, string queue = Queue)
    {
        var result = await Store.CreateAsync(queue, id, Start.AddSeconds(dueInSeconds), Time.GetUtcNow(), Bytes(id), None);
        Assert.Equal(TaskWriteStatus.Done, result.Status);
        return result.Task!;
    }

    [Fact]
    public async Task Create_New_StoresVersionOneWithTimesToTheMicrosecond()
    {
        var schedule = Start.AddTicks(12_345_678); // 1.2345678 s: the last tick is below a microsecond
        var result = await Store.CreateAsync(Queue, "t1", schedule, Start, Bytes("payload"), None);

        var stored = await Store.GetAsync(Queue, "t1", None);

        Assert.Equal(TaskWriteStatus.Done, result.Status);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(Start.AddTicks(12_345_670), stored.ScheduleTime);
        Assert.Equal(result.Task!.ScheduleTime, stored.ScheduleTime);
        Assert.Equal(Start, stored.CreateTime);
        Assert.Equal("payload", Text(stored));
        Assert.Equal((Queue, "t1"), (stored.Queue, stored.TaskId));
    }

    [Fact]
    public async Task Create_ExistingName_AlreadyExistsAndKeepsTheFirst()
    {
        await CreateAsync("t1");

        var again = await Store.CreateAsync(Queue, "t1", Start, Start, Bytes("second"), None);

        Assert.Equal(TaskWriteStatus.AlreadyExists, again.Status);
        Assert.Equal("t1", Text((await Store.GetAsync(Queue, "t1", None))!));
    }

    [Fact]
    public async Task Create_SameIdInAnotherQueue_IsAnotherTask()
    {
        await CreateAsync("t1");

        await CreateAsync("t1", queue: OtherQueue);

        Assert.Equal(1, await Store.CountAsync(Queue, None));
        Assert.Equal(1, await Store.CountAsync(OtherQueue, None));
    }

    [Fact]
    public async Task Create_PayloadBufferChangedAfterwards_StoredPayloadUnchanged()
    {
        byte[] payload = [0, 255, 1];
        await Store.CreateAsync(Queue, "t1", Start, Start, payload, None);

        payload[0] = 42;

        Assert.Equal([0, 255, 1], (await Store.GetAsync(Queue, "t1", None))!.Payload.ToArray());
    }

    [Fact]
    public async Task Get_Missing_IsNull()
    {
        Assert.Null(await Store.GetAsync(Queue, "missing", None));
    }

    [Fact]
    public async Task ListDue_ReturnsDueTasksEarliestFirstTiesByIdUpToTheLimit()
    {
        await CreateAsync("late", dueInSeconds: 30);
        await CreateAsync("b", dueInSeconds: 10);
        await CreateAsync("a", dueInSeconds: 10);
        await CreateAsync("first", dueInSeconds: 5);
        await CreateAsync("future", dueInSeconds: 100);
        await CreateAsync("elsewhere", dueInSeconds: 0, queue: OtherQueue);

        var due = await Store.ListDueAsync(Queue, Start.AddSeconds(30), 10, None);
        var limited = await Store.ListDueAsync(Queue, Start.AddSeconds(30), 2, None);

        Assert.Equal(["first", "a", "b", "late"], due.Select(task => task.TaskId));
        Assert.Equal(["first", "a"], limited.Select(task => task.TaskId));
        Assert.Equal("a", Text(due[1]));
    }

    [Fact]
    public async Task ListDue_NothingDueOrUnknownQueue_IsEmpty()
    {
        await CreateAsync("later", dueInSeconds: 60);

        Assert.Empty(await Store.ListDueAsync(Queue, Start.AddSeconds(59), 10, None));
        Assert.Empty(await Store.ListDueAsync("projects/p/locations/l/queues/none", Start.AddDays(1), 10, None));
    }

    [Fact]
    public async Task ListDueAfter_WalksTheDueRangeInPagesEveryTaskOnce()
    {
        await CreateAsync("c", dueInSeconds: 10);
        await CreateAsync("b", dueInSeconds: 10);
        await CreateAsync("a", dueInSeconds: 20);
        await CreateAsync("early", dueInSeconds: 1);
        await CreateAsync("beyond", dueInSeconds: 40);
        await CreateAsync("x", dueInSeconds: 10, queue: OtherQueue);

        var first = await Store.ListDueAfterAsync(Queue, Start.AddSeconds(5), "", Start.AddSeconds(30), 2, None);
        var second = await Store.ListDueAfterAsync(Queue, first[^1].ScheduleTime, first[^1].TaskId, Start.AddSeconds(30), 2, None);
        var last = await Store.ListDueAfterAsync(Queue, second[^1].ScheduleTime, second[^1].TaskId, Start.AddSeconds(30), 2, None);

        Assert.Equal(["b", "c"], first.Select(task => task.TaskId));
        Assert.Equal(["a"], second.Select(task => task.TaskId));
        Assert.Empty(last);
        Assert.Equal("b", Text(first[0]));
    }

    [Fact]
    public async Task ListDueAfter_StartsStrictlyAfterTheGivenTask()
    {
        await CreateAsync("a", dueInSeconds: 10);
        await CreateAsync("b", dueInSeconds: 10);

        var fromTime = await Store.ListDueAfterAsync(Queue, Start.AddSeconds(10), "", Start.AddSeconds(10), 10, None);
        var afterA = await Store.ListDueAfterAsync(Queue, Start.AddSeconds(10), "a", Start.AddSeconds(10), 10, None);

        Assert.Equal(["a", "b"], fromTime.Select(task => task.TaskId));
        Assert.Equal(["b"], afterA.Select(task => task.TaskId));
    }

    [Fact]
    public async Task List_Pages_EveryTaskOnceInIdOrder()
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"t{i:D2}").ToArray();
        foreach (var id in ids.Reverse())
        {
            await CreateAsync(id);
        }
        await CreateAsync("t05", queue: OtherQueue);

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(Queue, 3, token, None);
            seen.AddRange(page.Tasks.Select(task => task.TaskId));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(ids, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task List_TasksChangeBetweenPages_NextPageStartsAfterTheLastId()
    {
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            await CreateAsync(id);
        }
        var first = await Store.ListAsync(Queue, 2, "", None);

        await Store.DeleteAsync(Queue, "b", null, None);
        await CreateAsync("bb");
        var second = await Store.ListAsync(Queue, 2, first.NextPageToken, None);

        Assert.Equal(["a", "b"], first.Tasks.Select(task => task.TaskId));
        Assert.Equal(["bb", "c"], second.Tasks.Select(task => task.TaskId));
    }

    [Fact]
    public async Task List_ExactlyOnePage_HasNoNextToken()
    {
        await CreateAsync("a");
        await CreateAsync("b");

        var page = await Store.ListAsync(Queue, 2, "", None);

        Assert.Equal(2, page.Tasks.Count);
        Assert.Equal("", page.NextPageToken);
    }

    [Fact]
    public async Task List_TokenNotIssuedByTheStore_ThrowsArgumentException()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ListAsync(Queue, 10, "not base64!", None));
    }

    [Fact]
    public async Task Count_CountsPerQueue()
    {
        await CreateAsync("a");
        await CreateAsync("b");
        await CreateAsync("c", queue: OtherQueue);

        Assert.Equal(2, await Store.CountAsync(Queue, None));
        Assert.Equal(1, await Store.CountAsync(OtherQueue, None));
        Assert.Equal(0, await Store.CountAsync("projects/p/locations/l/queues/none", None));
    }

    [Fact]
    public async Task Update_AtExpectedVersion_ReplacesScheduleAndPayloadAndBumpsTheVersion()
    {
        await CreateAsync("a", dueInSeconds: 1);
        await CreateAsync("b", dueInSeconds: 2);

        var result = await Store.UpdateAsync(Queue, "a", 1, Start.AddSeconds(3), Bytes("attempt 2"), None);

        Assert.Equal(TaskWriteStatus.Done, result.Status);
        var stored = (await Store.GetAsync(Queue, "a", None))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal(Start.AddSeconds(3), stored.ScheduleTime);
        Assert.Equal(Start, stored.CreateTime);
        Assert.Equal("attempt 2", Text(stored));
        Assert.Equal(stored.Version, result.Task!.Version);
        Assert.Equal(["b", "a"], (await Store.ListDueAsync(Queue, Start.AddSeconds(10), 10, None)).Select(task => task.TaskId));
    }

    [Fact]
    public async Task Update_StaleVersion_VersionMismatchAndNothingChanges()
    {
        await CreateAsync("a");
        await Store.UpdateAsync(Queue, "a", 1, Start.AddSeconds(5), Bytes("v2"), None);

        var stale = await Store.UpdateAsync(Queue, "a", 1, Start.AddSeconds(9), Bytes("lost"), None);

        Assert.Equal(TaskWriteStatus.VersionMismatch, stale.Status);
        Assert.Null(stale.Task);
        var stored = (await Store.GetAsync(Queue, "a", None))!;
        Assert.Equal(("v2", 2L), (Text(stored), stored.Version));
    }

    [Fact]
    public async Task UpdateMany_EachAppliesOrIsRefusedOnItsOwnResultsInOrder()
    {
        await CreateAsync("a", dueInSeconds: 1);
        await CreateAsync("b", dueInSeconds: 2);
        await CreateAsync("c", dueInSeconds: 3);
        await Store.UpdateAsync(Queue, "b", 1, Start.AddSeconds(2), Bytes("b2"), None);

        var results = await Store.UpdateManyAsync(Queue,
        [
            new TaskUpdate("c", 1, Start.AddSeconds(30), Bytes("c2")),
            new TaskUpdate("b", 1, Start.AddSeconds(30), Bytes("lost")),
            new TaskUpdate("missing", 1, Start.AddSeconds(30), Bytes("x")),
            new TaskUpdate("a", 1, Start.AddSeconds(31), Bytes("a2")),
        ], None);

        Assert.Equal([TaskWriteStatus.Done, TaskWriteStatus.VersionMismatch, TaskWriteStatus.NotFound, TaskWriteStatus.Done], results.Select(result => result.Status));
        Assert.Equal(("c", 2L), (results[0].Task!.TaskId, results[0].Task!.Version));
        Assert.Equal(["b", "c", "a"], (await Store.ListDueAsync(Queue, Start.AddMinutes(1), 10, None)).Select(task => task.TaskId));
        Assert.Equal(("a2", 2L), (Text((await Store.GetAsync(Queue, "a", None))!), (await Store.GetAsync(Queue, "a", None))!.Version));
        Assert.Equal("b2", Text((await Store.GetAsync(Queue, "b", None))!));
        Assert.Empty(await Store.UpdateManyAsync(Queue, [], None));
    }

    [Fact]
    public async Task Update_Missing_NotFound()
    {
        Assert.Equal(TaskWriteStatus.NotFound, (await Store.UpdateAsync(Queue, "missing", 1, Start, Bytes("x"), None)).Status);
    }

    [Fact]
    public async Task Delete_Existing_RemovesItAndReturnsIt()
    {
        await CreateAsync("a");

        var result = await Store.DeleteAsync(Queue, "a", null, None);

        Assert.Equal(TaskWriteStatus.Done, result.Status);
        Assert.Equal("a", Text(result.Task!));
        Assert.Null(await Store.GetAsync(Queue, "a", None));
        Assert.Equal(0, await Store.CountAsync(Queue, None));
        Assert.Empty(await Store.ListDueAsync(Queue, Start.AddDays(1), 10, None));
    }

    [Fact]
    public async Task Delete_StaleVersion_VersionMismatchAndTaskKept()
    {
        await CreateAsync("a");
        await Store.UpdateAsync(Queue, "a", 1, Start, Bytes("v2"), None);

        Assert.Equal(TaskWriteStatus.VersionMismatch, (await Store.DeleteAsync(Queue, "a", 1, None)).Status);
        Assert.NotNull(await Store.GetAsync(Queue, "a", None));
        Assert.Equal(TaskWriteStatus.Done, (await Store.DeleteAsync(Queue, "a", 2, None)).Status);
    }

    [Fact]
    public async Task Delete_Missing_NotFoundAndReservesNothing()
    {
        Assert.Equal(TaskWriteStatus.NotFound, (await Store.DeleteAsync(Queue, "missing", null, None)).Status);
        Assert.False(await Store.IsTaskNameReservedAsync(Queue, "missing", None));
    }

    [Fact]
    public async Task Delete_ReservesTheNameForTheWindowOnly()
    {
        await CreateAsync("a");
        await Store.DeleteAsync(Queue, "a", null, None);

        Time.Advance(Options.TaskNameReservation - TimeSpan.FromSeconds(1));
        var during = await Store.CreateAsync(Queue, "a", Start, Time.GetUtcNow(), Bytes("again"), None);
        var reservedDuring = await Store.IsTaskNameReservedAsync(Queue, "a", None);
        Time.Advance(TimeSpan.FromSeconds(1));
        var reservedAfter = await Store.IsTaskNameReservedAsync(Queue, "a", None);
        var after = await Store.CreateAsync(Queue, "a", Start, Time.GetUtcNow(), Bytes("again"), None);

        Assert.Equal(TaskWriteStatus.NameReserved, during.Status);
        Assert.True(reservedDuring);
        Assert.False(reservedAfter);
        Assert.Equal(TaskWriteStatus.Done, after.Status);
        Assert.Equal(1, after.Task!.Version);
    }

    [Fact]
    public async Task Create_AfterTheReservationEnds_StoresTheNewTaskAndDropsTheTombstone()
    {
        await CreateAsync("a");
        await Store.DeleteAsync(Queue, "a", null, None);
        Time.Advance(Options.TaskNameReservation);

        var created = await Store.CreateAsync(Queue, "a", Start, Time.GetUtcNow(), Bytes("second"), None);
        await Store.DeleteAsync(Queue, "a", null, None);
        var reservedAgain = await Store.IsTaskNameReservedAsync(Queue, "a", None);
        var third = await Store.CreateAsync(Queue, "a", Start, Time.GetUtcNow(), Bytes("third"), None);

        Assert.Equal(TaskWriteStatus.Done, created.Status);
        Assert.Equal(Bytes("second"), created.Task!.Payload.ToArray());
        Assert.True(reservedAgain);
        Assert.Equal(TaskWriteStatus.NameReserved, third.Status);
        Assert.Null(await Store.GetAsync(Queue, "a", None));
    }

    [Fact]
    public async Task Delete_NameReservedInItsQueueOnly()
    {
        await CreateAsync("a");
        await Store.DeleteAsync(Queue, "a", null, None);

        Assert.False(await Store.IsTaskNameReservedAsync(OtherQueue, "a", None));
        await CreateAsync("a", queue: OtherQueue);
    }

    [Fact]
    public async Task Purge_DeletesTasksCreatedBeforeTheTimeAndReservesTheirNames()
    {
        await CreateAsync("old-1");
        await CreateAsync("old-2");
        await CreateAsync("elsewhere", queue: OtherQueue);
        Time.Advance(TimeSpan.FromSeconds(1));
        var purgeTime = Time.GetUtcNow();
        await CreateAsync("new");

        var purged = await Store.PurgeAsync(Queue, purgeTime, None);

        Assert.Equal(2, purged);
        Assert.Equal(["new"], (await Store.ListAsync(Queue, 10, "", None)).Tasks.Select(task => task.TaskId));
        Assert.Equal(1, await Store.CountAsync(OtherQueue, None));
        Assert.True(await Store.IsTaskNameReservedAsync(Queue, "old-1", None));
        Assert.Equal(TaskWriteStatus.NameReserved, (await Store.CreateAsync(Queue, "old-2", Start, Time.GetUtcNow(), Bytes("x"), None)).Status);
    }

    [Fact]
    public async Task DeleteQueue_DeletesEveryTaskAndReservesTheQueueNameForItsWindow()
    {
        await CreateAsync("a");
        await CreateAsync("b");
        await CreateAsync("kept", queue: OtherQueue);
        await Store.DeleteAsync(Queue, "b", null, None);

        var deleted = await Store.DeleteQueueAsync(Queue, None);

        Assert.Equal(1, deleted);
        Assert.Equal(0, await Store.CountAsync(Queue, None));
        Assert.Equal(1, await Store.CountAsync(OtherQueue, None));
        Assert.True(await Store.IsQueueNameReservedAsync(Queue, None));
        Assert.False(await Store.IsQueueNameReservedAsync(OtherQueue, None));
        Assert.False(await Store.IsTaskNameReservedAsync(Queue, "b", None)); // the queue's tombstone covers its tasks
        Time.Advance(Options.QueueNameReservation);
        Assert.False(await Store.IsQueueNameReservedAsync(Queue, None));
    }

    [Fact]
    public async Task RemoveExpiredTombstones_RemovesOnlyExpiredOnesUpToTheLimit()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            await CreateAsync(id);
            await Store.DeleteAsync(Queue, id, null, None);
        }
        await Store.DeleteQueueAsync(OtherQueue, None);
        Time.Advance(Options.TaskNameReservation);
        await CreateAsync("d");
        await Store.DeleteAsync(Queue, "d", null, None);

        var first = await Store.RemoveExpiredTombstonesAsync(2, None);
        var second = await Store.RemoveExpiredTombstonesAsync(10, None);
        var third = await Store.RemoveExpiredTombstonesAsync(10, None);

        Assert.Equal((2, 1, 0), (first, second, third));
        Assert.True(await Store.IsTaskNameReservedAsync(Queue, "d", None));
        Assert.True(await Store.IsQueueNameReservedAsync(OtherQueue, None));
        Time.Advance(Options.QueueNameReservation);
        Assert.Equal(2, await Store.RemoveExpiredTombstonesAsync(10, None));
        Assert.False(await Store.IsQueueNameReservedAsync(OtherQueue, None));
    }

    [Fact]
    public async Task Create_Concurrent_AllStored()
    {
        _ = Store; // opened before the writers start, so they share one store
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await CreateAsync($"w{writer}-{i:D2}", dueInSeconds: i);
            }
        })));

        Assert.Equal(200, await Store.CountAsync(Queue, None));
        var due = await Store.ListDueAsync(Queue, Start.AddSeconds(100), 1000, None);
        Assert.Equal(due.OrderBy(task => task.ScheduleTime).ThenBy(task => task.TaskId, StringComparer.Ordinal), due);
    }

    [Fact]
    public async Task ListDue_HundredsOfTasksInTwoQueues_NextDueInOrder()
    {
        var random = new Random(7);
        var schedule = new Dictionary<string, int>();
        for (var i = 0; i < 400; i++)
        {
            var id = $"t{i:D5}";
            schedule[id] = random.Next(0, 3600);
            await CreateAsync(id, schedule[id], queue: i % 4 == 0 ? OtherQueue : Queue);
        }

        var due = await Store.ListDueAsync(Queue, Start.AddSeconds(1800), 50, None);
        var count = await Store.CountAsync(Queue, None);

        var expected = schedule.Where(entry => int.Parse(entry.Key[1..], System.Globalization.CultureInfo.InvariantCulture) % 4 != 0 && entry.Value <= 1800)
            .OrderBy(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal).Take(50).Select(entry => entry.Key);
        Assert.Equal(expected, due.Select(task => task.TaskId));
        Assert.Equal(300, count);
    }
}
