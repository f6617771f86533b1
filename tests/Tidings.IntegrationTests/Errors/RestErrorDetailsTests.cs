using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tidings.IntegrationTests.Faults;

namespace Tidings.IntegrationTests.Errors;

/// <summary>Over REST, a domain error's details are the error body's <c>details</c>, in protobuf JSON as Google writes them.</summary>
public sealed class RestErrorDetailsTests(FailingStorageFixture server) : IClassFixture<FailingStorageFixture>
{
    private async Task<(HttpStatusCode Status, string Body)> PublishFailingWithAsync(Exception error)
    {
        var topic = await DetailedErrors.FailingTopicAsync(server, error);
        try
        {
            using var body = new StringContent("""{"messages":[{"data":"eA=="}]}""", Encoding.UTF8, "application/json");
            using var response = await server.Http.PostAsync($"/v1/{topic}:publish", body);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            server.Store.NextAppendFailure = null;
        }
    }

    [Fact]
    public async Task Publish_ErrorWithDetails_BodyCarriesThemAsGoogleDoes()
    {
        var (status, body) = await PublishFailingWithAsync(DetailedErrors.WithDetails());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var expected = JsonNode.Parse($$$"""
            {"error":{"code":400,"message":"{{{DetailedErrors.Message}}}","status":"INVALID_ARGUMENT","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"EXACTLY_ONCE_ACKID_FAILURE","domain":"pubsub.googleapis.com",
               "metadata":{"ack-1":"PERMANENT_FAILURE_INVALID_ACK_ID","ack-2":"TRANSIENT_FAILURE_UNORDERED_ACK_ID"}},
              {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[
                {"field":"ack_ids[0]","description":"expired"},{"field":"ack_ids[1]","description":"out of order"}]}]}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body)), body);
    }

    [Fact]
    public async Task Publish_ErrorWithoutDetails_BodyHasNoDetails()
    {
        var (status, body) = await PublishFailingWithAsync(DetailedErrors.WithoutDetails());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var expected = JsonNode.Parse("""{"error":{"code":400,"message":"Subscription is detached.","status":"FAILED_PRECONDITION"}}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body)), body);
    }
}
