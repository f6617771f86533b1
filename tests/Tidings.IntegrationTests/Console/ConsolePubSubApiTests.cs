using System.Text.Json;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Console;

/// <summary>
/// The console's Pub/Sub calls against resources made over gRPC: counts and settings, peeking that leaves messages
/// deliverable, and a test publish the gRPC subscriber receives; errors in Google's shape.
/// </summary>
public sealed class ConsolePubSubApiTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly string _project = TidingsServerFixture.NewProject();

    private string Topic => $"projects/{_project}/topics/orders";

    private string Subscription => $"projects/{_project}/subscriptions/billing";

    private async Task CreateAsync(params string[] messages)
    {
        await server.Publisher.CreateTopicAsync(new Topic { Name = Topic });
        await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = Subscription, Topic = Topic });
        if (messages.Length > 0)
        {
            var request = new PublishRequest { Topic = Topic };
            request.Messages.Add(messages.Select(text => new PubsubMessage { Data = ByteString.CopyFromUtf8(text) }));
            await server.Publisher.PublishAsync(request);
        }
    }

    private async Task<List<string>> PullTextsAsync() =>
        [.. (await server.Subscriber.PullAsync(new PullRequest { Subscription = Subscription, MaxMessages = 10, ReturnImmediately = true }))
            .ReceivedMessages.Select(received => received.Message.Data.ToStringUtf8())];

    [Fact]
    public async Task Project_ListsTopicsAndSubscriptionsWithCounts()
    {
        await CreateAsync("a", "b");
        server.Time.Advance(TimeSpan.FromSeconds(42));

        var (status, body) = await ConsoleCall.GetAsync(server.Http, $"pubsub?project={_project}");

        Assert.Equal(200, status);
        var topic = body.GetProperty("topics").EnumerateArray().Single();
        Assert.Equal((Topic, 2, 1), (topic.GetProperty("name").GetString(), topic.GetProperty("published").GetInt32(), topic.GetProperty("subscriptions").GetInt32()));
        var subscription = body.GetProperty("subscriptions").EnumerateArray().Single();
        Assert.Equal(Subscription, subscription.GetProperty("name").GetString());
        Assert.Equal(2, subscription.GetProperty("backlog").GetInt32());
        Assert.Equal(42, subscription.GetProperty("oldestUnackedAgeSeconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, subscription.GetProperty("push").ValueKind);
    }

    [Fact]
    public async Task Peek_ShowsMessagesThatStayDeliverable()
    {
        await CreateAsync("first", "second");

        var (status, body) = await ConsoleCall.GetAsync(server.Http, $"pubsub/peek?subscription={Subscription}&max=10");

        Assert.Equal(200, status);
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["first", "second"], messages.Select(message => message.GetProperty("text").GetString()));
        Assert.All(messages, message => Assert.Equal("Waiting", message.GetProperty("state").GetString()));
        Assert.Equal(["first", "second"], await PullTextsAsync());
    }

    [Fact]
    public async Task Publish_WithTheHeader_DeliveredToTheSubscription()
    {
        await CreateAsync();

        var (status, body) = await ConsoleCall.PostAsync(server.Http, "pubsub/publish",
            new { topic = Topic, data = "from the console", attributes = new Dictionary<string, string> { ["origin"] = "console" } });

        Assert.Equal(200, status);
        Assert.Single(body.GetProperty("messageIds").EnumerateArray());
        var pulled = (await server.Subscriber.PullAsync(new PullRequest { Subscription = Subscription, MaxMessages = 10, ReturnImmediately = true })).ReceivedMessages.Single();
        Assert.Equal("from the console", pulled.Message.Data.ToStringUtf8());
        Assert.Equal("console", pulled.Message.Attributes["origin"]);
    }

    [Fact]
    public async Task Publish_WithoutTheHeader_RefusedAndNothingPublished()
    {
        await CreateAsync();

        var (status, body) = await ConsoleCall.PostAsync(server.Http, "pubsub/publish", new { topic = Topic, data = "forged" }, withHeader: false);

        Assert.Equal(403, status);
        Assert.Equal("PERMISSION_DENIED", body.GetProperty("error").GetProperty("status").GetString());
        Assert.Empty(await PullTextsAsync());
    }

    [Fact]
    public async Task Errors_InGoogleShapeWithTheEnginesText()
    {
        var (missingStatus, missing) = await ConsoleCall.PostAsync(server.Http, "pubsub/publish", new { topic = $"projects/{_project}/topics/nope", data = "x" });
        var (noProjectStatus, noProject) = await ConsoleCall.GetAsync(server.Http, "pubsub");
        var (badMaxStatus, badMax) = await ConsoleCall.GetAsync(server.Http, $"pubsub/peek?subscription=projects/{_project}/subscriptions/nope&max=0");

        Assert.Equal(404, missingStatus);
        Assert.Equal("Resource not found (resource=nope).", missing.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal((400, "INVALID_ARGUMENT"), (noProjectStatus, noProject.GetProperty("error").GetProperty("status").GetString()));
        Assert.Equal(404, badMaxStatus); // the subscription is looked up first, as Pull does
        Assert.Equal("NOT_FOUND", badMax.GetProperty("error").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Publish_BodyNotJson_InvalidArgument()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/api/pubsub/publish") { Content = new StringContent("{not json") };
        request.Headers.Add("X-Tidings-Console", "1");

        using var response = await server.Http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", body.GetProperty("error").GetProperty("status").GetString());
    }
}
