using System.Text.Json.Nodes;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Rest;

/// <summary>
/// REST answers leave out every field holding its default value, as Google's JSON does: no empty labels, empty
/// strings, false flags or empty lists; an answer with nothing set is <c>{}</c>, never an empty body. Durations and
/// timestamps are written as protobuf's JSON writes them (0, 3, 6 or 9 fractional digits).
/// </summary>
public sealed class RestDefaultValuesTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly string _project = TidingsServerFixture.NewProject();

    private Task<RestCall> SendAsync(HttpMethod method, string path, string? json = null) =>
        RestCall.SendAsync(server.Http, method, $"/v1/projects/{_project}/{path}", json);

    [Fact]
    public async Task CreateTopic_NoSettings_AnswersNameAndStateOnly()
    {
        var created = await SendAsync(HttpMethod.Put, "topics/plain", "{}");

        created.AssertOk($$"""{"name":"projects/{{_project}}/topics/plain","state":"ACTIVE"}""");
        (await SendAsync(HttpMethod.Get, "topics/plain")).AssertOk(created.Body);
    }

    [Fact]
    public async Task CreateTopic_WithSettings_AnswersExactlyThose()
    {
        var created = await SendAsync(HttpMethod.Put, "topics/kept", """{"labels":{"team":"billing"},"messageRetentionDuration":"900.5s"}""");

        created.AssertOk($$"""
            {"name":"projects/{{_project}}/topics/kept","labels":{"team":"billing"},"messageRetentionDuration":"900.500s","state":"ACTIVE"}
            """);
    }

    [Fact]
    public async Task CreateSubscription_Pull_AnswersOnlyWhatGoogleFillsIn()
    {
        await SendAsync(HttpMethod.Put, "topics/orders", "{}");

        var created = await SendAsync(HttpMethod.Put, "subscriptions/billing", $$"""{"topic":"projects/{{_project}}/topics/orders"}""");

        created.AssertOk($$"""
            {
              "name": "projects/{{_project}}/subscriptions/billing",
              "topic": "projects/{{_project}}/topics/orders",
              "pushConfig": {},
              "ackDeadlineSeconds": 10,
              "messageRetentionDuration": "604800s",
              "expirationPolicy": {"ttl": "2678400s"},
              "state": "ACTIVE"
            }
            """);
    }

    [Fact]
    public async Task CreateSubscription_NeverExpiringPush_AnswersAnEmptyPolicyAndThePushFields()
    {
        await SendAsync(HttpMethod.Put, "topics/pushed", "{}");

        var created = await SendAsync(HttpMethod.Put, "subscriptions/pusher", $$"""
            {"topic":"projects/{{_project}}/topics/pushed","expirationPolicy":{},"pushConfig":{"pushEndpoint":"http://127.0.0.1:9/push"} }
            """);

        created.AssertOk($$"""
            {
              "name": "projects/{{_project}}/subscriptions/pusher",
              "topic": "projects/{{_project}}/topics/pushed",
              "pushConfig": {"pushEndpoint": "http://127.0.0.1:9/push", "attributes": {"x-goog-version": "v1"}, "pubsubWrapper": {} },
              "ackDeadlineSeconds": 10,
              "messageRetentionDuration": "604800s",
              "expirationPolicy": {},
              "state": "ACTIVE"
            }
            """);
    }

    [Fact]
    public async Task Pull_MessageWithDataOnly_AnswersNoEmptyAttributesOrderingKeyOrAttempt()
    {
        await CreateTopicAndSubscriptionAsync("plain-data");
        var publishTime = MoveClockToNextSecondPlus(microseconds: 0);
        var published = await SendAsync(HttpMethod.Post, "topics/plain-data:publish", """{"messages":[{"data":"aGk="}]}""");
        var messageId = published.Json["messageIds"]![0]!.GetValue<string>();

        var pulled = await SendAsync(HttpMethod.Post, "subscriptions/plain-data:pull", """{"maxMessages":10,"returnImmediately":true}""");

        var received = Assert.Single(pulled.Json["receivedMessages"]!.AsArray())!.AsObject();
        Assert.Equal(["ackId", "message"], received.Select(member => member.Key));
        var expected = $$"""{"data":"aGk=","messageId":"{{messageId}}","publishTime":"{{publishTime:yyyy-MM-dd'T'HH:mm:ss}}Z"}""";
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), received["message"]), received.ToJsonString());
    }

    [Theory]
    [InlineData(0, "Z")]
    [InlineData(250_000, ".250Z")]
    [InlineData(1_500, ".001500Z")]
    public async Task Pull_PublishTime_HasProtobufsFractionalDigits(int microseconds, string ending)
    {
        await CreateTopicAndSubscriptionAsync("timed");
        var publishTime = MoveClockToNextSecondPlus(microseconds);
        await SendAsync(HttpMethod.Post, "topics/timed:publish", """{"messages":[{"data":"aGk=","attributes":{"k":"v"},"orderingKey":""}]}""");

        var pulled = await SendAsync(HttpMethod.Post, "subscriptions/timed:pull", """{"maxMessages":10,"returnImmediately":true}""");

        var message = pulled.Json["receivedMessages"]![0]!["message"]!;
        Assert.Equal($"{publishTime:yyyy-MM-dd'T'HH:mm:ss}{ending}", message["publishTime"]!.GetValue<string>());
        Assert.Equal("v", message["attributes"]!["k"]!.GetValue<string>());
        Assert.Null(message["orderingKey"]);
    }

    [Theory]
    [InlineData("POST", "subscriptions/quiet:pull", """{"maxMessages":10,"returnImmediately":true}""")]
    [InlineData("POST", "subscriptions/quiet:modifyPushConfig", """{"pushConfig":{}}""")]
    [InlineData("POST", "subscriptions/quiet:detach", null)]
    [InlineData("DELETE", "subscriptions/quiet", null)]
    [InlineData("DELETE", "topics/quiet", null)]
    public async Task NothingToAnswer_IsAnEmptyObject(string method, string path, string? body)
    {
        await CreateTopicAndSubscriptionAsync("quiet");

        var answer = await SendAsync(new HttpMethod(method), path, body);

        answer.AssertOk("{}");
        Assert.Equal("{}", answer.Body);
    }

    [Theory]
    [InlineData("topics")]
    [InlineData("subscriptions")]
    public async Task ListOfAnEmptyProject_IsAnEmptyObject(string collection)
    {
        var answer = await SendAsync(HttpMethod.Get, collection);

        Assert.Equal("{}", answer.Body);
    }

    [Fact]
    public async Task ListTopicSubscriptions_None_IsAnEmptyObject()
    {
        await SendAsync(HttpMethod.Put, "topics/lonely", "{}");

        var answer = await SendAsync(HttpMethod.Get, "topics/lonely/subscriptions?pageSize=5");

        Assert.Equal("{}", answer.Body);
    }

    private async Task CreateTopicAndSubscriptionAsync(string id)
    {
        (await SendAsync(HttpMethod.Put, $"topics/{id}", "{}")).AssertStatusOk();
        (await SendAsync(HttpMethod.Put, $"subscriptions/{id}", $$"""{"topic":"projects/{{_project}}/topics/{{id}}"}""")).AssertStatusOk();
    }

    /// <summary>Moves the fake clock to the next whole second plus <paramref name="microseconds"/>; returns that instant.</summary>
    private DateTimeOffset MoveClockToNextSecondPlus(int microseconds)
    {
        var now = server.Time.GetUtcNow();
        var next = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1).AddMicroseconds(microseconds);
        server.Time.SetUtcNow(next);
        return next;
    }
}
