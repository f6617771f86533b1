using System.Text.Json;
using Google.Cloud.Scheduler.V1;
using Google.Cloud.Tasks.V2;
using Microsoft.Extensions.Logging;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.Logging;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Monitoring;

/// <summary>
/// <c>--log-format json</c>: one line per task attempt and per job run, shaped as Cloud Logging shows them
/// (severity, timestamp, logName, resource, jsonPayload with Google's payload type), and plain events as JSON too.
/// </summary>
public sealed class ExecutionLogTests(JsonLogServerFixture server) : IClassFixture<JsonLogServerFixture>
{
    private readonly string _project = TidingsServerFixture.NewProject();

    private List<JsonElement> ExecutionLines(string payloadType) =>
    [
        .. server.Logs.Entries
            .Where(entry => entry.Category == ExecutionLogEntry.Category)
            .Select(entry => JsonDocument.Parse(entry.Message).RootElement)
            .Where(line => line.GetProperty("jsonPayload").GetProperty("@type").GetString() == payloadType
                && line.GetProperty("logName").GetString()!.StartsWith($"projects/{_project}/", StringComparison.Ordinal)),
    ];

    [Fact]
    public async Task TaskAttempts_OneLineEach_WithTheTaskActivityLogFields()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Status(404), PushReply.Ok);
        var client = new CloudTasks.CloudTasksClient(server.Channel);
        var location = $"projects/{_project}/locations/us-central1";
        await client.CreateQueueAsync(new CreateQueueRequest { Parent = location, Queue = new Queue { Name = $"{location}/queues/work" } });
        var task = await client.CreateTaskAsync(new CreateTaskRequest
        {
            Parent = $"{location}/queues/work",
            Task = new CloudTask { HttpRequest = new Google.Cloud.Tasks.V2.HttpRequest { Url = receiver.Endpoint } },
        });

        await Eventually.TrueAsync(() =>
        {
            if (ExecutionLines(TaskAttemptLogEntry.PayloadType).Count == 2)
            {
                return true;
            }
            server.Time.Advance(TimeSpan.FromMilliseconds(250));
            return false;
        }, "two attempt lines");

        var lines = ExecutionLines(TaskAttemptLogEntry.PayloadType);
        var failed = lines.Single(line => line.GetProperty("severity").GetString() == "ERROR");
        var succeeded = lines.Single(line => line.GetProperty("severity").GetString() == "INFO");
        Assert.Equal($"projects/{_project}/logs/cloudtasks.googleapis.com%2Ftask_operations_log", failed.GetProperty("logName").GetString());
        Assert.Equal("cloud_tasks_queue", failed.GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("work", failed.GetProperty("resource").GetProperty("labels").GetProperty("queue_id").GetString());
        Assert.Equal(task.Name, failed.GetProperty("jsonPayload").GetProperty("task").GetString());
        var failure = failed.GetProperty("jsonPayload").GetProperty("attemptResponseLog");
        Assert.Equal(("NOT_FOUND", "1", "1", 404), (failure.GetProperty("status").GetString(), failure.GetProperty("dispatchCount").GetString(),
            failure.GetProperty("responseCount").GetString(), failure.GetProperty("httpResponseCode").GetInt32()));
        Assert.Equal($"POST {receiver.Endpoint}", failure.GetProperty("targetAddress").GetString());
        Assert.Equal("HTTP", failure.GetProperty("targetType").GetString());
        Assert.True(failure.TryGetProperty("retryTime", out _));
        var success = succeeded.GetProperty("jsonPayload").GetProperty("attemptResponseLog");
        Assert.Equal(("OK", "2"), (success.GetProperty("status").GetString(), success.GetProperty("dispatchCount").GetString()));
        Assert.False(success.TryGetProperty("retryTime", out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", succeeded.GetProperty("timestamp").GetString()!);
    }

    [Fact]
    public async Task JobRun_OneAttemptFinishedLine()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Status(500));
        var client = new CloudScheduler.CloudSchedulerClient(server.Channel);
        var parent = $"projects/{_project}/locations/europe-west1";
        var job = await client.CreateJobAsync(new CreateJobRequest
        {
            Parent = parent,
            Job = new Job { Name = $"{parent}/jobs/nightly", Schedule = "0 3 * * *", HttpTarget = new HttpTarget { Uri = receiver.Endpoint } },
        });

        await client.RunJobAsync(new RunJobRequest { Name = job.Name });
        await Eventually.TrueAsync(() => ExecutionLines(JobAttemptLogEntry.PayloadType).Count == 1, "the run's line");

        var line = Assert.Single(ExecutionLines(JobAttemptLogEntry.PayloadType));
        Assert.Equal("ERROR", line.GetProperty("severity").GetString());
        Assert.Equal($"projects/{_project}/logs/cloudscheduler.googleapis.com%2Fexecutions", line.GetProperty("logName").GetString());
        Assert.Equal("cloud_scheduler_job", line.GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("nightly", line.GetProperty("resource").GetProperty("labels").GetProperty("job_id").GetString());
        var payload = line.GetProperty("jsonPayload");
        Assert.Equal((job.Name, "HTTP", receiver.Endpoint, "INTERNAL"), (payload.GetProperty("jobName").GetString(),
            payload.GetProperty("targetType").GetString(), payload.GetProperty("url").GetString(), payload.GetProperty("status").GetString()));
    }

    [Fact]
    public void PlainEvents_AreJsonLinesWithSeverityAndTimestamp()
    {
        var formatter = new JsonLineFormatter(server.Time);

        var line = JsonDocument.Parse(formatter.Format("state", LogLevel.Warning, "Tidings.Test", new EventId(7), exception: null, "hello \"world\"")).RootElement;

        Assert.Equal("WARNING", line.GetProperty("severity").GetString());
        Assert.Equal(server.Time.GetUtcNow(), DateTimeOffset.Parse(line.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("Tidings.Test", 7, "hello \"world\""), (line.GetProperty("logger").GetString(), line.GetProperty("eventId").GetInt32(),
            line.GetProperty("message").GetString()));
    }
}
