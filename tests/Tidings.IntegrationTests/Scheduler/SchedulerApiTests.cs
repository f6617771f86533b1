using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Cloud.Scheduler.V1;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Scheduler;

/// <summary>google.cloud.scheduler.v1 on the shared port: gRPC with Google's status codes, and the REST form its http rules give.</summary>
public sealed class SchedulerApiTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Grpc_CreateGetListDelete_AndErrorsAsGoogleStatus()
    {
        var client = new CloudScheduler.CloudSchedulerClient(server.Channel);
        var parent = $"projects/{TidingsServerFixture.NewProject()}/locations/us-central1";
        var job = await client.CreateJobAsync(new CreateJobRequest
        {
            Parent = parent,
            Job = new Job { Name = $"{parent}/jobs/g1", Schedule = "0 12 * * *", HttpTarget = new HttpTarget { Uri = "http://127.0.0.1:9/x" } },
        });

        Assert.Equal(Job.Types.State.Enabled, job.State);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), job.ScheduleTime.ToDateTimeOffset());
        Assert.Equal(job, await client.GetJobAsync(new GetJobRequest { Name = job.Name }));
        Assert.Equal([job.Name], (await client.ListJobsAsync(new ListJobsRequest { Parent = parent })).Jobs.Select(j => j.Name));

        var invalid = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateJobAsync(new CreateJobRequest
        {
            Parent = parent,
            Job = new Job { Name = $"{parent}/jobs/g2", Schedule = "0 12 * * *", TimeZone = "Nowhere/City", HttpTarget = new HttpTarget { Uri = "http://x/" } },
        }));
        Assert.Equal((StatusCode.InvalidArgument, "Schedule or time zone is invalid."), (invalid.StatusCode, invalid.Status.Detail));

        await client.DeleteJobAsync(new DeleteJobRequest { Name = job.Name });
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.GetJobAsync(new GetJobRequest { Name = job.Name }));
        Assert.Equal((StatusCode.NotFound, "Job not found."), (missing.StatusCode, missing.Status.Detail));
    }

    [Fact]
    public async Task Rest_PatchWithQueryMask_DeleteAnswersEmptyObject_ErrorsInGooglesShape()
    {
        var jobs = $"/v1/projects/{TidingsServerFixture.NewProject()}/locations/europe-west1/jobs";
        var created = await server.Http.PostAsync(jobs, Json("""{"name":"","schedule":"*/15 * * * *","httpTarget":{"uri":"http://127.0.0.1:9/x","headers":{"X-A":"1"}}}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var name = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;

        var patched = await server.Http.PatchAsync($"/v1/{name}?updateMask=retryConfig.retryCount,http_target.headers&$alt=json%3Benum-encoding=int",
            Json("""{"retryConfig":{"retryCount":2},"httpTarget":{"headers":{"X-B":"2"}}}"""));
        var body = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(patched.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(2, body.GetProperty("retryConfig").GetProperty("retryCount").GetInt32());
        Assert.Equal("""{"X-B":"2"}""", body.GetProperty("httpTarget").GetProperty("headers").GetRawText());
        Assert.Equal(1, body.GetProperty("state").GetInt32());

        var paused = await server.Http.PostAsync($"/v1/{name}:pause", Json("{}"));
        Assert.Equal("PAUSED", (await paused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        var pausedAgain = await server.Http.PostAsync($"/v1/{name}:pause", Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, pausedAgain.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", (await pausedAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("status").GetString());

        var deleted = await server.Http.DeleteAsync($"/v1/{name}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", (await deleted.Content.ReadAsStringAsync()).Trim());

        var missing = await server.Http.GetAsync($"/v1/{name}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal((404, "Job not found.", "NOT_FOUND"), (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString(), error.GetProperty("status").GetString()));
    }
}
