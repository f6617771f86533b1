using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Rest;

/// <summary>The REST/JSON form on the same port as gRPC, as curl and gcloud use it.</summary>
public sealed class RestTranscodingTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Rest_TopicSubscriptionPublishPullAck_RoundTrip()
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Http.PutAsync($"/v1/projects/{project}/topics/tp1", Json("{}"));
        Assert.Equal(HttpStatusCode.OK, topic.StatusCode);
        Assert.Equal($"projects/{project}/topics/tp1", (await topic.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        var subscription = await server.Http.PutAsync($"/v1/projects/{project}/subscriptions/sub1", Json($$"""{"topic":"projects/{{project}}/topics/tp1","ackDeadlineSeconds":30}"""));
        Assert.Equal(HttpStatusCode.OK, subscription.StatusCode);
        Assert.Equal(30, (await subscription.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ackDeadlineSeconds").GetInt32());

        var publish = await server.Http.PostAsync($"/v1/projects/{project}/topics/tp1:publish", Json("""{"messages":[{"data":"aGk=","attributes":{"k":"v"}}]}"""));
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        var messageId = (await publish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageIds")[0].GetString();

        var pull = await server.Http.PostAsync($"/v1/projects/{project}/subscriptions/sub1:pull", Json("""{"maxMessages":10}"""));
        var received = (await pull.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receivedMessages")[0];
        Assert.Equal(messageId, received.GetProperty("message").GetProperty("messageId").GetString());
        Assert.Equal("aGk=", received.GetProperty("message").GetProperty("data").GetString());
        Assert.Equal("v", received.GetProperty("message").GetProperty("attributes").GetProperty("k").GetString());

        var ackId = received.GetProperty("ackId").GetString();
        var ack = await server.Http.PostAsync($"/v1/projects/{project}/subscriptions/sub1:acknowledge", Json($$"""{"ackIds":["{{ackId}}"]}"""));
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("{}", (await ack.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Rest_MissingTopic_AnswersGooglesErrorShape()
    {
        var project = TidingsServerFixture.NewProject();
        var response = await server.Http.GetAsync($"/v1/projects/{project}/topics/absent");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(404, error.GetProperty("code").GetInt32());
        Assert.Equal("Resource not found (resource=absent).", error.GetProperty("message").GetString());
        Assert.Equal("NOT_FOUND", error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Rest_DuplicateTopic_IsConflictWithAlreadyExists()
    {
        var project = TidingsServerFixture.NewProject();
        await server.Http.PutAsync($"/v1/projects/{project}/topics/dup", Json("{}"));
        var response = await server.Http.PutAsync($"/v1/projects/{project}/topics/dup", Json("{}"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("ALREADY_EXISTS", error.GetProperty("status").GetString());
        Assert.Equal("Resource already exists in the project (resource=dup).", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Rest_ListTopics_PagesWithTokens()
    {
        var project = TidingsServerFixture.NewProject();
        foreach (var id in new[] { "aaa", "bbb", "ccc" })
        {
            await server.Http.PutAsync($"/v1/projects/{project}/topics/{id}", Json("{}"));
        }
        var first = await server.Http.GetFromJsonAsync<JsonElement>($"/v1/projects/{project}/topics?pageSize=2");
        Assert.Equal(2, first.GetProperty("topics").GetArrayLength());
        var token = first.GetProperty("nextPageToken").GetString();
        var second = await server.Http.GetFromJsonAsync<JsonElement>($"/v1/projects/{project}/topics?pageSize=2&pageToken={Uri.EscapeDataString(token!)}");
        Assert.Equal($"projects/{project}/topics/ccc", Assert.Single(second.GetProperty("topics").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Rest_BodyLabelledFormUrlEncoded_IsReadAsJson_AsCurlSendsIt()
    {
        var project = TidingsServerFixture.NewProject();
        var response = await server.Http.PutAsync($"/v1/projects/{project}/topics/curl-topic",
            new StringContent("""{"labels":{"via":"curl"}}""", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("curl", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("labels").GetProperty("via").GetString());
    }
}
