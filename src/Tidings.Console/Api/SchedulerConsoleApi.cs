using Google.Cloud.Scheduler.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.Scheduler;

namespace Tidings.WebConsole.Api;

/// <summary>
/// Cloud Scheduler for the console: a project's jobs, a job's recent runs, and run now / pause / resume through the
/// engine's RunJob, PauseJob and ResumeJob.
/// </summary>
internal static class SchedulerConsoleApi
{
    public static void MapSchedulerConsoleApi(this RouteGroupBuilder api)
    {
        api.MapGet("/scheduler", (SchedulerEngine engine, string? project) =>
        {
            var prefix = $"projects/{ConsoleRequests.Require(project, "project")}/";
            var jobs = engine.ListAllJobs().Where(job => job.Name.StartsWith(prefix, StringComparison.Ordinal));
            var statistics = engine.GetStatistics(project);
            return Results.Json(new
            {
                jobs = jobs.Select(ConsoleResults.Proto),
                attempts = statistics.Jobs.ToDictionary(job => job.Name, job => job.AttemptsByResult),
            });
        });

        api.MapGet("/scheduler/runs", (SchedulerEngine engine, string? job) =>
        {
            var runs = engine.GetRunHistory(ConsoleRequests.Require(job, "job"));
            return Results.Json(new { runs });
        });

        api.MapPost("/scheduler/run", (SchedulerEngine engine, HttpRequest request) => JobActionAsync(request, engine.RunJobAsync));
        api.MapPost("/scheduler/pause", (SchedulerEngine engine, HttpRequest request) => JobActionAsync(request, engine.PauseJobAsync));
        api.MapPost("/scheduler/resume", (SchedulerEngine engine, HttpRequest request) => JobActionAsync(request, engine.ResumeJobAsync));
    }

    private static async Task<IResult> JobActionAsync(HttpRequest request, Func<string, Task<Job>> action)
    {
        var body = await ConsoleRequests.ReadAsync<NameBody>(request).ConfigureAwait(false);
        var job = await action(ConsoleRequests.Require(body.Name, "name")).ConfigureAwait(false);
        return Results.Json(new { job = ConsoleResults.Proto(job) });
    }
}
