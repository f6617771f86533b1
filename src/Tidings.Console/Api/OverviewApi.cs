using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.Scheduler;
using Tidings.Tasks;

namespace Tidings.WebConsole.Api;

/// <summary>
/// <c>GET /console/api/overview</c>: every project that has anything, and the server's clock. With
/// <c>?service=pubsub|tasks|scheduler</c>, only that service's projects, and only its engine is resolved: a cluster
/// composes the overview from the nodes that run each service. Pub/Sub's part covers the cells this process runs, or
/// those the gathering node names (<see cref="IRemotePubSubDescriptions.CellsHeader"/>: it asks each node once, for
/// all the cells that node runs).
/// </summary>
internal static class OverviewApi
{
    public static void MapOverviewApi(this RouteGroupBuilder api) =>
        api.MapGet("/overview", (HttpContext context, TimeProvider time, string? service) =>
        {
            var engines = context.RequestServices;
            IEnumerable<string> projects = [];
            if (service is null or "pubsub")
            {
                var cells = engines.GetRequiredService<PubSubCells>();
                projects = ConsoleCells.Asked(context.Request) is { } asked
                    ? projects.Concat(ConsoleCells.Engines(cells, asked).SelectMany(engine => engine.ListProjects()))
                    : projects.Concat(cells.ListProjects());
            }
            if (service is null or "tasks")
            {
                projects = projects.Concat(engines.GetRequiredService<CloudTasksEngine>().ListAllQueues().Select(queue => ProjectOf(queue.Name)));
            }
            if (service is null or "scheduler")
            {
                projects = projects.Concat(engines.GetRequiredService<SchedulerEngine>().ListAllJobs().Select(job => ProjectOf(job.Name)));
            }
            return Results.Json(new { projects = projects.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), now = time.GetUtcNow() });
        });

    /// <summary>The project id of a full name <c>projects/{project}/…</c>.</summary>
    public static string ProjectOf(string name) => name.Split('/') is [_, var project, ..] ? project : "";
}
