using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Tidings.IntegrationTests.Infrastructure;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Tasks;

/// <summary>
/// Tasks dispatched by the real server to a local HTTP receiver: Google's headers across 503, 404, 200 on the fake
/// clock, and an OIDC token that verifies against the served JWKS with the target URL as its audience.
/// </summary>
public sealed class TasksDispatchTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly CloudTasks.CloudTasksClient _client = new(server.Channel);
    private readonly string _location = $"projects/{TidingsServerFixture.NewProject()}/locations/us-central1";

    private async Task<string> CreateQueueAsync(string id)
    {
        var name = $"{_location}/queues/{id}";
        await _client.CreateQueueAsync(new CreateQueueRequest
        {
            Parent = _location,
            Queue = new Queue
            {
                Name = name,
                RetryConfig = new RetryConfig { MinBackoff = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) },
            },
        });
        return name;
    }

    [Fact]
    public async Task Http_503_404_200_HeadersAsGoogleSendsThem()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Status(503), PushReply.Status(404), PushReply.Ok);
        var queue = await CreateQueueAsync("headers");
        await _client.CreateTaskAsync(new CreateTaskRequest
        {
            Parent = queue,
            Task = new CloudTask
            {
                Name = $"{queue}/tasks/job-1",
                HttpRequest = new HttpRequest
                {
                    Url = receiver.Endpoint,
                    Body = ByteString.CopyFromUtf8("{\"a\":1}"),
                    Headers = { ["content-type"] = "application/json", ["X-Custom"] = "kept" },
                },
            },
        });

        var first = await receiver.WaitForRequestAsync(1);
        await receiver.WaitUntilAsync(requests => requests[0].AnsweredStatus is not null, "first answered");
        await AdvanceUntilAsync(receiver, 2);
        await AdvanceUntilAsync(receiver, 3);

        var requests = receiver.Requests;
        Assert.Equal(["0", "1", "2"], requests.Select(r => r.Header("X-CloudTasks-TaskRetryCount")));
        Assert.Equal(["0", "0", "1"], requests.Select(r => r.Header("X-CloudTasks-TaskExecutionCount")));
        Assert.Equal([null, "503", "404"], requests.Select(r => r.Header("X-CloudTasks-TaskPreviousResponse")));
        Assert.Equal([null, "", ""], requests.Select(r => r.Header("X-CloudTasks-TaskRetryReason")));
        Assert.Equal("headers", first.Header("X-CloudTasks-QueueName"));
        Assert.Equal("job-1", first.Header("X-CloudTasks-TaskName"));
        Assert.Equal("Google-Cloud-Tasks", first.Header("User-Agent"));
        Assert.Equal("application/json", first.Header("Content-Type"));
        Assert.Equal("kept", first.Header("X-Custom"));
        Assert.Equal("POST", first.Method);
        Assert.Equal("{\"a\":1}", first.BodyText);
        Assert.Matches(@"^\d{10}\.\d{6}$", first.Header("X-CloudTasks-TaskETA"));
    }

    [Fact]
    public async Task OidcToken_VerifiesAgainstTheServedKeys_AudienceIsTheUrl()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var queue = await CreateQueueAsync("oidc");
        await _client.CreateTaskAsync(new CreateTaskRequest
        {
            Parent = queue,
            Task = new CloudTask
            {
                HttpRequest = new HttpRequest
                {
                    Url = receiver.Endpoint,
                    OidcToken = new OidcToken { ServiceAccountEmail = "tasks@p.iam.gserviceaccount.com" },
                },
            },
        });

        var request = await receiver.WaitForRequestAsync(1);
        var discovery = await OidcDiscovery.FetchAsync(server.Address);
        var token = await discovery.ValidateAsync(request.Header("Authorization"), receiver.Endpoint, validateLifetime: false);

        Assert.Equal("tasks@p.iam.gserviceaccount.com", token.GetClaim("email").Value);
    }

    /// <summary>Moves the fake clock a second at a time until the receiver has the request (the backoff is 1 s, then 2 s).</summary>
    private async Task AdvanceUntilAsync(PushReceiver receiver, int number)
    {
        await Eventually.TrueAsync(() =>
        {
            if (receiver.Count >= number)
            {
                return true;
            }
            server.Time.Advance(TimeSpan.FromMilliseconds(250));
            return false;
        }, $"request {number}", timeoutMs: 10_000);
        await receiver.WaitUntilAsync(requests => requests[number - 1].AnsweredStatus is not null, $"request {number} answered");
    }
}
