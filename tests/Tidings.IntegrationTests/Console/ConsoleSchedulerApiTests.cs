using Google.Cloud.PubSub.V1;
using Google.Cloud.Scheduler.V1;
using Google.Protobuf;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Console;

/// <summary>Run now from the console goes through RunJob: the job's target is called and the run shows in its history.</summary>
public sealed class ConsoleSchedulerApiTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly CloudScheduler.CloudSchedulerClient _client = new(server.Channel);
    private readonly string _project = TidingsServerFixture.NewProject();

    [Fact]
    public async Task RunNow_PublishesToTheTargetTopicAndIsInTheRunHistory()
    {
        var topic = $"projects/{_project}/topics/pings";
        var subscription = $"projects/{_project}/subscriptions/pinged";
        await server.Publisher.CreateTopicAsync(new Topic { Name = topic });
        await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = subscription, Topic = topic });
        var parent = $"projects/{_project}/locations/us-central1";
        var job = await _client.CreateJobAsync(new CreateJobRequest
        {
            Parent = parent,
            Job = new Job { Name = $"{parent}/jobs/ping", Schedule = "0 3 * * *", PubsubTarget = new PubsubTarget { TopicName = topic, Data = ByteString.CopyFromUtf8("ping") } },
        });

        var (status, ran) = await ConsoleCall.PostAsync(server.Http, "scheduler/run", new { name = job.Name });
        await Eventually.TrueAsync(async () => (await ConsoleCall.GetAsync(server.Http, $"scheduler/runs?job={job.Name}")).Body
            .GetProperty("runs").GetArrayLength() == 1, "the run to be recorded");
        var (_, history) = await ConsoleCall.GetAsync(server.Http, $"scheduler/runs?job={job.Name}");
        var pulled = await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 1, ReturnImmediately = true });

        Assert.Equal(200, status);
        Assert.Equal(job.Name, ran.GetProperty("job").GetProperty("name").GetString());
        var run = history.GetProperty("runs")[0];
        Assert.Equal((true, 0), (run.GetProperty("manual").GetBoolean(), run.GetProperty("code").GetInt32()));
        Assert.Equal("ping", pulled.ReceivedMessages.Single().Message.Data.ToStringUtf8());
    }

    [Fact]
    public async Task PauseResume_SeenByTheSchedulerApi_AndAWrongStateIsRefused()
    {
        var parent = $"projects/{_project}/locations/us-central1";
        var job = await _client.CreateJobAsync(new CreateJobRequest
        {
            Parent = parent,
            Job = new Job { Name = $"{parent}/jobs/nightly", Schedule = "0 3 * * *", HttpTarget = new HttpTarget { Uri = "http://127.0.0.1:9/x" } },
        });

        await ConsoleCall.PostAsync(server.Http, "scheduler/pause", new { name = job.Name });
        var paused = await _client.GetJobAsync(new GetJobRequest { Name = job.Name });
        var (againStatus, again) = await ConsoleCall.PostAsync(server.Http, "scheduler/pause", new { name = job.Name });
        await ConsoleCall.PostAsync(server.Http, "scheduler/resume", new { name = job.Name });
        var resumed = await _client.GetJobAsync(new GetJobRequest { Name = job.Name });

        Assert.Equal(Job.Types.State.Paused, paused.State);
        Assert.Equal((400, "Job has been paused."), (againStatus, again.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(Job.Types.State.Enabled, resumed.State);
    }
}
