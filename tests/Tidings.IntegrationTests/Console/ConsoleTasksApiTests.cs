using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.IntegrationTests.Infrastructure;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Console;

/// <summary>The console's queue controls change what the Cloud Tasks API reports, and its lists show the queue's tasks.</summary>
public sealed class ConsoleTasksApiTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly CloudTasks.CloudTasksClient _client = new(server.Channel);
    private readonly string _project = TidingsServerFixture.NewProject();

    private string QueueName => $"projects/{_project}/locations/us-central1/queues/work";

    private async Task<CloudTask> CreateQueueWithTaskAsync()
    {
        await _client.CreateQueueAsync(new CreateQueueRequest { Parent = $"projects/{_project}/locations/us-central1", Queue = new Queue { Name = QueueName } });
        return await _client.CreateTaskAsync(new CreateTaskRequest
        {
            Parent = QueueName,
            Task = new CloudTask
            {
                HttpRequest = new HttpRequest { Url = "http://127.0.0.1:9/hook" },
                ScheduleTime = Timestamp.FromDateTimeOffset(server.Time.GetUtcNow().AddHours(1)),
            },
        });
    }

    [Fact]
    public async Task PauseResumePurge_SeenByTheTasksApi()
    {
        await CreateQueueWithTaskAsync();

        var (pausedStatus, paused) = await ConsoleCall.PostAsync(server.Http, "tasks/pause", new { name = QueueName });
        var stateWhilePaused = (await _client.GetQueueAsync(new GetQueueRequest { Name = QueueName })).State;
        await ConsoleCall.PostAsync(server.Http, "tasks/resume", new { name = QueueName });
        var stateAfterResume = (await _client.GetQueueAsync(new GetQueueRequest { Name = QueueName })).State;
        server.Time.Advance(TimeSpan.FromSeconds(1)); // purge deletes tasks created before it, and the fake clock stands still
        var (purgedStatus, _) = await ConsoleCall.PostAsync(server.Http, "tasks/purge", new { name = QueueName });
        var left = await _client.ListTasksAsync(new ListTasksRequest { Parent = QueueName });

        Assert.Equal((200, "PAUSED"), (pausedStatus, paused.GetProperty("queue").GetProperty("state").GetString()));
        Assert.Equal(Queue.Types.State.Paused, stateWhilePaused);
        Assert.Equal(Queue.Types.State.Running, stateAfterResume);
        Assert.Equal(200, purgedStatus);
        Assert.Empty(left.Tasks);
    }

    [Fact]
    public async Task Lists_QueueWithItsTaskAndStatistics()
    {
        var task = await CreateQueueWithTaskAsync();

        var (_, project) = await ConsoleCall.GetAsync(server.Http, $"tasks?project={_project}");
        var (_, tasks) = await ConsoleCall.GetAsync(server.Http, $"tasks/tasks?queue={QueueName}");

        Assert.Equal([QueueName], project.GetProperty("queues").EnumerateArray().Select(queue => queue.GetProperty("name").GetString()));
        Assert.Equal(1, project.GetProperty("statistics").GetProperty(QueueName).GetProperty("tasks").GetInt32());
        var listed = tasks.GetProperty("tasks").EnumerateArray().Single();
        Assert.Equal(task.Name, listed.GetProperty("name").GetString());
        Assert.Equal(task.ScheduleTime.ToDateTimeOffset(), listed.GetProperty("scheduleTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task Pause_MissingQueue_NotFoundInGoogleShape()
    {
        var (status, body) = await ConsoleCall.PostAsync(server.Http, "tasks/pause", new { name = $"projects/{_project}/locations/us-central1/queues/nope" });

        Assert.Equal(404, status);
        Assert.Equal("NOT_FOUND", body.GetProperty("error").GetProperty("status").GetString());
    }
}
