using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Tasks;

/// <summary>google.cloud.tasks.v2.CloudTasks over gRPC on the server's port: the admin surface and Google's status codes.</summary>
public sealed class TasksGrpcTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly CloudTasks.CloudTasksClient _client = new(server.Channel);
    private readonly string _location = $"projects/{TidingsServerFixture.NewProject()}/locations/us-central1";

    [Fact]
    public async Task QueueAndTaskLifecycle_OverGrpc()
    {
        var name = $"{_location}/queues/work";
        var created = await _client.CreateQueueAsync(new CreateQueueRequest { Parent = _location, Queue = new Queue { Name = name } });
        var updated = await _client.UpdateQueueAsync(new UpdateQueueRequest
        {
            Queue = new Queue { Name = name, RateLimits = new RateLimits { MaxDispatchesPerSecond = 7 } },
            UpdateMask = new FieldMask { Paths = { "rate_limits.max_dispatches_per_second" } },
        });
        var paused = await _client.PauseQueueAsync(new PauseQueueRequest { Name = name });
        var task = await _client.CreateTaskAsync(new CreateTaskRequest
        {
            Parent = name,
            Task = new CloudTask { Name = $"{name}/tasks/t1", HttpRequest = new HttpRequest { Url = "http://127.0.0.1:9/", Body = ByteString.CopyFromUtf8("x") } },
            ResponseView = CloudTask.Types.View.Full,
        });
        var listed = await _client.ListTasksAsync(new ListTasksRequest { Parent = name });
        var fetched = await _client.GetTaskAsync(new GetTaskRequest { Name = task.Name, ResponseView = CloudTask.Types.View.Full });
        await _client.DeleteTaskAsync(new DeleteTaskRequest { Name = task.Name });
        var queues = await _client.ListQueuesAsync(new ListQueuesRequest { Parent = _location, Filter = "state: PAUSED" });
        var resumed = await _client.ResumeQueueAsync(new ResumeQueueRequest { Name = name });
        var purged = await _client.PurgeQueueAsync(new PurgeQueueRequest { Name = name });
        await _client.DeleteQueueAsync(new DeleteQueueRequest { Name = name });

        Assert.Equal(Queue.Types.State.Running, created.State);
        Assert.Equal(7, updated.RateLimits.MaxDispatchesPerSecond);
        Assert.Equal(Queue.Types.State.Paused, paused.State);
        Assert.Equal("Google-Cloud-Tasks", task.HttpRequest.Headers["User-Agent"]);
        Assert.Equal(task.Name, Assert.Single(listed.Tasks).Name);
        Assert.Equal(task, fetched);
        Assert.Equal(name, Assert.Single(queues.Queues).Name);
        Assert.Equal(Queue.Types.State.Running, resumed.State);
        Assert.Equal(server.Time.GetUtcNow(), purged.PurgeTime.ToDateTimeOffset());
        var gone = await Assert.ThrowsAsync<RpcException>(async () => await _client.GetQueueAsync(new GetQueueRequest { Name = name }));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Errors_GooglesCodesAndTexts()
    {
        var name = $"{_location}/queues/errors";
        await _client.CreateQueueAsync(new CreateQueueRequest { Parent = _location, Queue = new Queue { Name = name } });

        var duplicate = await Assert.ThrowsAsync<RpcException>(async () =>
            await _client.CreateQueueAsync(new CreateQueueRequest { Parent = _location, Queue = new Queue { Name = name } }));
        var badName = await Assert.ThrowsAsync<RpcException>(async () =>
            await _client.CreateQueueAsync(new CreateQueueRequest { Parent = _location, Queue = new Queue { Name = $"{_location}/queues/bad_name" } }));
        var missingTask = await Assert.ThrowsAsync<RpcException>(async () =>
            await _client.GetTaskAsync(new GetTaskRequest { Name = $"{name}/tasks/none" }));
        await _client.DeleteQueueAsync(new DeleteQueueRequest { Name = name });
        var recreated = await Assert.ThrowsAsync<RpcException>(async () =>
            await _client.CreateQueueAsync(new CreateQueueRequest { Parent = _location, Queue = new Queue { Name = name } }));

        Assert.Equal((StatusCode.AlreadyExists, "Queue already exists"), (duplicate.StatusCode, duplicate.Status.Detail));
        Assert.Equal(StatusCode.InvalidArgument, badName.StatusCode);
        Assert.Equal((StatusCode.NotFound, "Requested entity was not found."), (missingTask.StatusCode, missingTask.Status.Detail));
        Assert.Equal(StatusCode.FailedPrecondition, recreated.StatusCode);
    }

    [Fact]
    public async Task IamMethods_AreRpcsOfCloudTasks()
    {
        var name = $"{_location}/queues/iam";
        await _client.CreateQueueAsync(new CreateQueueRequest { Parent = _location, Queue = new Queue { Name = name } });

        var empty = await _client.GetIamPolicyAsync(new Google.Cloud.Iam.V1.GetIamPolicyRequest { Resource = name });
        var tested = await _client.TestIamPermissionsAsync(new Google.Cloud.Iam.V1.TestIamPermissionsRequest
        {
            Resource = name,
            Permissions = { "cloudtasks.tasks.create", "cloudtasks.locations.list" },
        });

        Assert.Empty(empty.Bindings);
        Assert.Equal(["cloudtasks.tasks.create"], tested.Permissions);
    }
}
