using System.Text.Json.Nodes;
using Tidings.Api.Rest;
using Tidings.Api.Tests.Support;

namespace Tidings.Api.Tests.Rest;

/// <summary>Transcoding's bare google.rpc.Status becomes Google's REST error body; everything else passes as written.</summary>
public sealed class GoogleRestErrorMiddlewareTests
{
    private static async Task<string> RunAsync(int status, string body, string contentType = "application/json")
    {
        var context = HttpContexts.WithClient(out var client);
        context.Request.ContentType = contentType;
        await new GoogleRestErrorMiddleware(HttpContexts.Answering(status, body)).InvokeAsync(context);
        return HttpContexts.Text(client);
    }

    [Fact]
    public async Task Invoke_TranscodedError_GooglesShapeWithTheHttpCode()
    {
        var body = await RunAsync(404, """{"code":5,"message":"Resource not found (resource=t).","details":[]}""");

        var expected = JsonNode.Parse("""{"error":{"code":404,"message":"Resource not found (resource=t).","status":"NOT_FOUND"}}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body)), body);
    }

    [Fact]
    public async Task Invoke_Success_PassesAsWritten()
    {
        Assert.Equal("""{"code":5}""", await RunAsync(200, """{"code":5}"""));
    }

    [Fact]
    public async Task Invoke_ErrorThatIsNotAStatus_PassesAsWritten()
    {
        Assert.Equal("plain text", await RunAsync(500, "plain text"));
    }

    [Fact]
    public async Task Invoke_GrpcCall_PassesAsWritten()
    {
        Assert.Equal("""{"code":5}""", await RunAsync(404, """{"code":5}""", contentType: "application/grpc"));
    }
}
