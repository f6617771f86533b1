using Google.Cloud.Scheduler.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.Scheduler;

namespace Tidings.Api.Modules.Scheduler;

/// <summary>google.cloud.scheduler.v1.CloudScheduler over the domain engine; the generated messages are the engine's model.</summary>
internal sealed class CloudSchedulerService(SchedulerEngine engine) : CloudScheduler.CloudSchedulerBase
{
    public override Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var page = engine.ListJobs(request.Parent, request.PageSize, request.PageToken);
        var response = new ListJobsResponse { NextPageToken = page.NextPageToken };
        response.Jobs.Add(page.Items);
        return Task.FromResult(response);
    }

    public override Task<Job> GetJob(GetJobRequest request, ServerCallContext context) => Task.FromResult(engine.GetJob(request.Name));

    public override Task<Job> CreateJob(CreateJobRequest request, ServerCallContext context) =>
        engine.CreateJobAsync(request.Parent, request.Job ?? new Job());

    public override Task<Job> UpdateJob(UpdateJobRequest request, ServerCallContext context) =>
        engine.UpdateJobAsync(request.Job ?? new Job(), request.UpdateMask);

    public override async Task<Empty> DeleteJob(DeleteJobRequest request, ServerCallContext context)
    {
        await engine.DeleteJobAsync(request.Name).ConfigureAwait(false);
        return new Empty();
    }

    public override Task<Job> PauseJob(PauseJobRequest request, ServerCallContext context) => engine.PauseJobAsync(request.Name);

    public override Task<Job> ResumeJob(ResumeJobRequest request, ServerCallContext context) => engine.ResumeJobAsync(request.Name);

    public override Task<Job> RunJob(RunJobRequest request, ServerCallContext context) => engine.RunJobAsync(request.Name);
}
