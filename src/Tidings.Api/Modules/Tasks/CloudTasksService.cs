using Google.Cloud.Iam.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.Tasks;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Api.Modules.Tasks;

/// <summary>google.cloud.tasks.v2.CloudTasks over the engine, which takes and answers Google's messages as they are.</summary>
internal sealed class CloudTasksService(CloudTasksEngine engine) : CloudTasks.CloudTasksBase
{
    public override Task<ListQueuesResponse> ListQueues(ListQueuesRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ListQueues(request.Parent, request.Filter, request.PageSize, request.PageToken));

    public override Task<Queue> GetQueue(GetQueueRequest request, ServerCallContext context) =>
        Task.FromResult(engine.GetQueue(request.Name));

    public override Task<Queue> CreateQueue(CreateQueueRequest request, ServerCallContext context) =>
        engine.CreateQueueAsync(request.Parent, request.Queue, context.CancellationToken);

    public override Task<Queue> UpdateQueue(UpdateQueueRequest request, ServerCallContext context) =>
        engine.UpdateQueueAsync(request.Queue, request.UpdateMask, context.CancellationToken);

    public override async Task<Empty> DeleteQueue(DeleteQueueRequest request, ServerCallContext context)
    {
        await engine.DeleteQueueAsync(request.Name, context.CancellationToken).ConfigureAwait(false);
        return new Empty();
    }

    public override Task<Queue> PurgeQueue(PurgeQueueRequest request, ServerCallContext context) =>
        engine.PurgeQueueAsync(request.Name, context.CancellationToken);

    public override Task<Queue> PauseQueue(PauseQueueRequest request, ServerCallContext context) =>
        engine.PauseQueueAsync(request.Name, context.CancellationToken);

    public override Task<Queue> ResumeQueue(ResumeQueueRequest request, ServerCallContext context) =>
        engine.ResumeQueueAsync(request.Name, context.CancellationToken);

    public override Task<Policy> GetIamPolicy(GetIamPolicyRequest request, ServerCallContext context) =>
        Task.FromResult(engine.GetIamPolicy(request.Resource, request.Options?.RequestedPolicyVersion ?? 0));

    public override Task<Policy> SetIamPolicy(SetIamPolicyRequest request, ServerCallContext context) =>
        engine.SetIamPolicyAsync(request.Resource, request.Policy, request.UpdateMask, context.CancellationToken);

    public override Task<TestIamPermissionsResponse> TestIamPermissions(TestIamPermissionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.TestIamPermissions(request.Resource, request.Permissions));

    public override Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context) =>
        engine.ListTasksAsync(request.Parent, request.ResponseView, request.PageSize, request.PageToken, context.CancellationToken);

    public override Task<CloudTask> GetTask(GetTaskRequest request, ServerCallContext context) =>
        engine.GetTaskAsync(request.Name, request.ResponseView, context.CancellationToken);

    public override Task<CloudTask> CreateTask(CreateTaskRequest request, ServerCallContext context) =>
        engine.CreateTaskAsync(request.Parent, request.Task, request.ResponseView, context.CancellationToken);

    public override async Task<Empty> DeleteTask(DeleteTaskRequest request, ServerCallContext context)
    {
        await engine.DeleteTaskAsync(request.Name, context.CancellationToken).ConfigureAwait(false);
        return new Empty();
    }

    public override Task<CloudTask> RunTask(RunTaskRequest request, ServerCallContext context) =>
        engine.RunTaskAsync(request.Name, request.ResponseView, context.CancellationToken);
}
