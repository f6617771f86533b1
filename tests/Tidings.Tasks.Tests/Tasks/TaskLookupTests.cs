using Google.Cloud.Tasks.V2;
using Tidings.Kernel.Errors;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Tests.Support;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tests.Tasks;

/// <summary>GetTask, ListTasks and DeleteTask, and the names a deleted or completed task keeps reserved.</summary>
public sealed class TaskLookupTests : IAsyncLifetime
{
    private static readonly TimeSpan Reservation = TimeSpan.FromHours(1);

    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync(new TaskStoreOptions { TaskNameReservation = Reservation });
        await _harness.CreateQueueAsync("q");
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task GetTask_NeverExisted_GoogleText()
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(_harness.TaskName("q", "never")));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Requested entity was not found.", error.Message);
    }

    [Fact]
    public async Task DeletedTask_GetSaysItExistedRecently_NameReservedUntilTheWindowEnds()
    {
        await _harness.CreateHttpTaskAsync("q", "t");

        await _harness.Engine.DeleteTaskAsync(_harness.TaskName("q", "t"), CancellationToken.None);

        var get = await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(_harness.TaskName("q", "t")));
        Assert.Equal(ErrorCode.NotFound, get.Code);
        Assert.Equal("The task no longer exists, though a task with this name existed recently. The task either successfully completed or was deleted.",
            get.Message);
        var create = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateHttpTaskAsync("q", "t"));
        Assert.Equal(ErrorCode.AlreadyExists, create.Code);
        Assert.Equal("Requested entity already exists", create.Message);
        var delete = await Assert.ThrowsAsync<TidingsException>(() => _harness.Engine.DeleteTaskAsync(_harness.TaskName("q", "t"), CancellationToken.None));
        Assert.Equal("Requested entity was not found.", delete.Message);

        _harness.Time.Advance(Reservation);
        var again = await _harness.CreateHttpTaskAsync("q", "t");
        Assert.Equal(_harness.TaskName("q", "t"), again.Name);
    }

    [Fact]
    public async Task CreateTask_NameOfAPendingTask_AlreadyExists()
    {
        await _harness.CreateHttpTaskAsync("q", "t");

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateHttpTaskAsync("q", "t"));

        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
    }

    [Fact]
    public async Task ListTasks_Pages_EveryTaskOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            await _harness.CreateHttpTaskAsync("q", $"t{i}");
        }

        var names = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await _harness.Engine.ListTasksAsync(_harness.QueueName("q"), CloudTask.Types.View.Basic, 2, token, CancellationToken.None);
            Assert.True(page.Tasks.Count <= 2);
            Assert.All(page.Tasks, task => Assert.Equal(CloudTask.Types.View.Basic, task.View));
            names.AddRange(page.Tasks.Select(task => task.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => _harness.TaskName("q", $"t{i}")), names);
    }

    [Fact]
    public async Task ListTasks_BadToken_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() =>
            _harness.Engine.ListTasksAsync(_harness.QueueName("q"), CloudTask.Types.View.Basic, 0, "!!", CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task ListTasks_MissingQueue_QueueNotFound()
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() =>
            _harness.Engine.ListTasksAsync(_harness.QueueName("missing"), CloudTask.Types.View.Basic, 0, "", CancellationToken.None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Theory]
    [InlineData("projects/p/locations/us-central1/queues/q/tasks/bad id", "Task ID \"bad id\"")]
    [InlineData("projects/p/locations/us-central1/queues/q", "Task name must be formatted")]
    public async Task GetTask_BadName_InvalidArgument(string name, string message)
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(name));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
