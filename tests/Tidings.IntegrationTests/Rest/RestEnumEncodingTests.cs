using System.Net;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Rest;

/// <summary>
/// <c>$alt=json;enum-encoding=int</c>, as the Node clients' REST fallback sends it on every call, answers enum
/// numbers, per call; without it enums are names. Requests may carry enums either way.
/// </summary>
public sealed class RestEnumEncodingTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    /// <summary>What google-gax appends, the semicolon percent-encoded.</summary>
    private const string IntegerEnums = "$alt=json%3Benum-encoding=int";

    private readonly string _project = TidingsServerFixture.NewProject();

    private Task<RestCall> SendAsync(HttpMethod method, string path, string? json = null) =>
        RestCall.SendAsync(server.Http, method, $"/v1/projects/{_project}/{path}", json);

    [Fact]
    public async Task GetTopic_AskingForIntegerEnums_AnswersTheStateNumber()
    {
        await SendAsync(HttpMethod.Put, "topics/numbered", "{}");

        var answer = await SendAsync(HttpMethod.Get, $"topics/numbered?{IntegerEnums}");

        answer.AssertOk($$"""{"name":"projects/{{_project}}/topics/numbered","state":1}""");
    }

    [Theory]
    [InlineData("")]
    [InlineData("?$alt=json")]
    [InlineData("?$alt=json%3Benum-encoding=string")]
    [InlineData("?enum-encoding=int")]
    public async Task GetTopic_NotAskingForIntegerEnums_AnswersTheStateName(string query)
    {
        await SendAsync(HttpMethod.Put, "topics/named", "{}");

        var answer = await SendAsync(HttpMethod.Get, $"topics/named{query}");

        answer.AssertOk($$"""{"name":"projects/{{_project}}/topics/named","state":"ACTIVE"}""");
    }

    [Fact]
    public async Task CreateTopic_AskingForIntegerEnums_AnswersTheStateNumber()
    {
        var answer = await SendAsync(HttpMethod.Put, $"topics/created?{IntegerEnums}&$prettyPrint=0", "{}");

        answer.AssertOk($$"""{"name":"projects/{{_project}}/topics/created","state":1}""");
    }

    [Fact]
    public async Task ListSubscriptions_AskingForIntegerEnums_AnswersNumbersInEveryElement()
    {
        await SendAsync(HttpMethod.Put, "topics/orders", "{}");
        foreach (var id in new[] { "first", "second" })
        {
            await SendAsync(HttpMethod.Put, $"subscriptions/{id}", $$"""{"topic":"projects/{{_project}}/topics/orders"}""");
        }

        var answer = await SendAsync(HttpMethod.Get, $"subscriptions?{IntegerEnums}");

        var states = answer.Json["subscriptions"]!.AsArray().Select(subscription => subscription!["state"]!.GetValue<int>());
        Assert.Equal([1, 1], states);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"ACTIVE\"")]
    public async Task CreateSubscription_EnumAsNumberOrName_IsAccepted(string state)
    {
        await SendAsync(HttpMethod.Put, "topics/input", "{}");

        var answer = await SendAsync(HttpMethod.Put, "subscriptions/input", $$"""{"topic":"projects/{{_project}}/topics/input","state":{{state}}}""");

        answer.AssertStatusOk();
        Assert.Equal("ACTIVE", answer.Json["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Error_AskingForIntegerEnums_KeepsGooglesErrorShape()
    {
        var answer = await SendAsync(HttpMethod.Get, $"topics/absent?{IntegerEnums}");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        var error = answer.Json["error"]!;
        Assert.Equal(404, error["code"]!.GetValue<int>());
        Assert.Equal("NOT_FOUND", error["status"]!.GetValue<string>());
        Assert.Equal("Resource not found (resource=absent).", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task EmptyAnswer_AskingForIntegerEnums_IsStillAnEmptyObject()
    {
        await SendAsync(HttpMethod.Put, "topics/gone", "{}");

        var answer = await SendAsync(HttpMethod.Delete, $"topics/gone?{IntegerEnums}");

        answer.AssertStatusOk();
        Assert.Equal("{}", answer.Body);
    }
}
