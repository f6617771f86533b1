using Google.Cloud.PubSub.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Tidings.IntegrationTests.Infrastructure;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Monitoring;

/// <summary>
/// <c>/metrics</c> on the main port, scraped over HTTP/1.1 like Prometheus does, after real publishes, pulls, acks
/// and task attempts: Google's metric names, Google's resource labels, and the values the engines counted.
/// </summary>
public sealed class MetricsEndpointTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly string _project = TidingsServerFixture.NewProject();

    private Task<string> ScrapeAsync() => server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    [Fact]
    public async Task PublishPullAck_CountedUnderGooglesNamesAndLabels()
    {
        var topic = $"projects/{_project}/topics/orders";
        var subscription = $"projects/{_project}/subscriptions/billing";
        await server.Publisher.CreateTopicAsync(new Topic { Name = topic });
        await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = subscription, Topic = topic, AckDeadlineSeconds = 30 });
        await server.Publisher.PublishAsync(new PublishRequest
        {
            Topic = topic,
            Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("abc") }, new PubsubMessage { Data = ByteString.CopyFromUtf8("defg") } },
        });
        await server.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("h") } } });
        server.Time.Advance(TimeSpan.FromSeconds(7));
        var pulled = await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 1, ReturnImmediately = true });
        await server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { pulled.ReceivedMessages[0].AckId } });

        (string, string)[] topicLabels = [("project_id", _project), ("topic_id", "orders")];
        (string, string)[] subscriptionLabels = [("project_id", _project), ("subscription_id", "billing")];
        // A scrape may reuse the engines' figures of one taken up to 50 ms before (StatisticsSnapshot), e.g. by
        // another test's scrape of this server: wait for one that has seen the ack, the last thing done.
        var metrics = "";
        await Eventually.TrueAsync(async () =>
        {
            metrics = await ScrapeAsync();
            return PrometheusText.Value(metrics, "pubsub_googleapis_com_subscription_ack_message_count", subscriptionLabels) == 1;
        }, "a scrape that has seen the ack");
        Assert.Equal(3, PrometheusText.Value(metrics, "pubsub_googleapis_com_topic_send_message_operation_count", topicLabels));
        Assert.Equal(2, PrometheusText.Value(metrics, "pubsub_googleapis_com_topic_send_request_count", topicLabels));
        Assert.Equal(8, PrometheusText.Value(metrics, "tidings_pubsub_topic_send_message_bytes", topicLabels));
        Assert.Equal(2, PrometheusText.Value(metrics, "pubsub_googleapis_com_subscription_num_undelivered_messages", subscriptionLabels));
        Assert.Equal(7, PrometheusText.Value(metrics, "pubsub_googleapis_com_subscription_oldest_unacked_message_age_seconds", subscriptionLabels));
        Assert.Equal(1, PrometheusText.Value(metrics, "pubsub_googleapis_com_subscription_ack_message_count", subscriptionLabels));
        Assert.Equal(0, PrometheusText.Value(metrics, "pubsub_googleapis_com_subscription_expired_ack_deadlines_count", subscriptionLabels));
        Assert.Contains("# TYPE pubsub_googleapis_com_subscription_ack_message_count counter", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskAttempts_CountedByResponseCode_QueueDepthFalls()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Status(404), PushReply.Ok);
        var client = new CloudTasks.CloudTasksClient(server.Channel);
        var location = $"projects/{_project}/locations/us-central1";
        await client.CreateQueueAsync(new CreateQueueRequest { Parent = location, Queue = new Queue { Name = $"{location}/queues/work" } });
        await client.CreateTaskAsync(new CreateTaskRequest
        {
            Parent = $"{location}/queues/work",
            Task = new CloudTask { HttpRequest = new HttpRequest { Url = receiver.Endpoint } },
        });

        (string, string)[] queueLabels = [("project_id", _project), ("location", "us-central1"), ("queue_id", "work")];
        await Eventually.TrueAsync(async () =>
        {
            var metrics = await ScrapeAsync();
            if (PrometheusText.Value(metrics, "cloudtasks_googleapis_com_queue_task_attempt_count", [.. queueLabels, ("response_code", "OK")]) == 1)
            {
                return true;
            }
            server.Time.Advance(TimeSpan.FromMilliseconds(250)); // past the retry's backoff
            return false;
        }, "the retry succeeded");

        var done = await ScrapeAsync();
        Assert.Equal(1, PrometheusText.Value(done, "cloudtasks_googleapis_com_queue_task_attempt_count", [.. queueLabels, ("response_code", "NOT_FOUND")]));
        Assert.Equal(0, PrometheusText.Value(done, "cloudtasks_googleapis_com_queue_depth", queueLabels));
    }

    [Fact]
    public async Task HealthAndReadiness_AnswerOkOnceStarted_AndRestRoutesDoNotClaimThem()
    {
        var health = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var ready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var metrics = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal((System.Net.HttpStatusCode.OK, "ok"), (health.StatusCode, await health.Content.ReadAsStringAsync()));
        Assert.Equal((System.Net.HttpStatusCode.OK, "ready"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
        Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
