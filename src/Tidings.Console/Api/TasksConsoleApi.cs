using Google.Cloud.Tasks.V2;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.Tasks;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using HttpRequest = Microsoft.AspNetCore.Http.HttpRequest;

namespace Tidings.WebConsole.Api;

/// <summary>
/// Cloud Tasks for the console: a project's queues, a queue's tasks with their first and last attempts, and the
/// queue controls, each through the same engine call as Google's RPC of that name.
/// </summary>
internal static class TasksConsoleApi
{
    /// <summary>The console lists one page of tasks: enough to browse, bounded for a queue of millions.</summary>
    private const int TaskPage = 200;

    public static void MapTasksConsoleApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tasks", async (CloudTasksEngine engine, string? project, HttpContext context) =>
        {
            var projectId = ConsoleRequests.Require(project, "project");
            var prefix = $"projects/{projectId}/";
            var queues = engine.ListAllQueues().Where(queue => queue.Name.StartsWith(prefix, StringComparison.Ordinal));
            var statistics = await engine.GetStatisticsAsync(projectId, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new
            {
                now = engine.Time.GetUtcNow(),
                queues = queues.Select(ConsoleResults.Proto),
                statistics = statistics.Queues.ToDictionary(queue => queue.Name, queue => new
                {
                    tasks = queue.TasksPending,
                    inFlight = queue.AttemptsInFlight,
                    attempts = queue.AttemptsByResult,
                }),
            });
        });

        api.MapGet("/tasks/tasks", async (CloudTasksEngine engine, string? queue, HttpContext context) =>
        {
            var page = await engine.ListTasksAsync(ConsoleRequests.Require(queue, "queue"), CloudTask.Types.View.Basic, TaskPage, pageToken: null,
                context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new { tasks = page.Tasks.Select(ConsoleResults.Proto), more = page.NextPageToken.Length > 0 });
        });

        api.MapPost("/tasks/pause", (CloudTasksEngine engine, HttpRequest request) =>
            QueueActionAsync(request, (name, cancel) => engine.PauseQueueAsync(name, cancel)));
        api.MapPost("/tasks/resume", (CloudTasksEngine engine, HttpRequest request) =>
            QueueActionAsync(request, (name, cancel) => engine.ResumeQueueAsync(name, cancel)));
        api.MapPost("/tasks/purge", (CloudTasksEngine engine, HttpRequest request) =>
            QueueActionAsync(request, (name, cancel) => engine.PurgeQueueAsync(name, cancel)));

        api.MapPost("/tasks/run", async (CloudTasksEngine engine, HttpRequest request) =>
        {
            var body = await ConsoleRequests.ReadAsync<NameBody>(request).ConfigureAwait(false);
            var task = await engine.RunTaskAsync(ConsoleRequests.Require(body.Name, "name"), CloudTask.Types.View.Basic,
                request.HttpContext.RequestAborted).ConfigureAwait(false);
            return Results.Json(new { task = ConsoleResults.Proto(task) });
        });
    }

    private static async Task<IResult> QueueActionAsync(HttpRequest request, Func<string, CancellationToken, Task<Queue>> action)
    {
        var body = await ConsoleRequests.ReadAsync<NameBody>(request).ConfigureAwait(false);
        var queue = await action(ConsoleRequests.Require(body.Name, "name"), request.HttpContext.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { queue = ConsoleResults.Proto(queue) });
    }
}
