using Google.Api;
using Google.Cloud.PubSub.V1;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Tidings.Api.Rest;
using Tidings.Api.Tests.Support;
using Endpoint = Microsoft.AspNetCore.Http.Endpoint;

namespace Tidings.Api.Tests.Rest;

/// <summary>With <c>$alt=json;enum-encoding=int</c>, a successful response's enums become numbers; otherwise nothing changes.</summary>
public sealed class RestEnumEncodingMiddlewareTests
{
    private const string Written = """{"name":"projects/p/subscriptions/s","state":"ACTIVE"}""";

    private static async Task<string> GetSubscriptionAsync(string query, int status = 200, string body = Written)
    {
        var context = HttpContexts.WithClient(out var client, query);
        var method = Subscriber.Descriptor.FindMethodByName("GetSubscription");
        var rule = new HttpRule { Get = "/v1/{subscription=projects/*/subscriptions/*}" };
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new GrpcJsonTranscodingMetadata(method, rule)), "GetSubscription"));
        await new RestEnumEncodingMiddleware(HttpContexts.Answering(status, body)).InvokeAsync(context);
        return HttpContexts.Text(client);
    }

    [Fact]
    public async Task Invoke_IntegerEnumsAsked_StateIsItsNumber()
    {
        Assert.Equal("""{"name":"projects/p/subscriptions/s","state":1}""", await GetSubscriptionAsync("?$alt=json%3Benum-encoding%3Dint"));
    }

    [Fact]
    public async Task Invoke_NotAsked_PassesAsWritten()
    {
        Assert.Equal(Written, await GetSubscriptionAsync("?$alt=json"));
    }

    [Fact]
    public async Task Invoke_Error_PassesAsWritten()
    {
        const string error = """{"code":5,"message":"Resource not found"}""";

        Assert.Equal(error, await GetSubscriptionAsync("?$alt=json%3Benum-encoding%3Dint", status: 404, body: error));
    }
}
