using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.PubSub;
using Tidings.Scheduler;
using Tidings.Tasks;

namespace Tidings.WebConsole.Api;

/// <summary><c>GET /console/api/overview</c>: every project that has anything, and the server's clock.</summary>
internal static class OverviewApi
{
    public static void MapOverviewApi(this RouteGroupBuilder api) =>
        api.MapGet("/overview", (PubSubBroker pubSub, CloudTasksEngine tasks, SchedulerEngine scheduler) =>
        {
            var projects = pubSub.ListProjects()
                .Concat(tasks.ListAllQueues().Select(queue => ProjectOf(queue.Name)))
                .Concat(scheduler.ListAllJobs().Select(job => ProjectOf(job.Name)))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            return Results.Json(new { projects, now = pubSub.Time.GetUtcNow() });
        });

    /// <summary>The project id of a full name <c>projects/{project}/…</c>.</summary>
    public static string ProjectOf(string name) => name.Split('/') is [_, var project, ..] ? project : "";
}
