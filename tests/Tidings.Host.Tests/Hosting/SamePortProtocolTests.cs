using System.Net;
using Grpc.Core;
using Grpc.Net.Client;

namespace Tidings.Host.Tests.Hosting;

public sealed class SamePortProtocolTests(RunningHost host) : IClassFixture<RunningHost>
{
    [Fact]
    public async Task GetRoot_Http11_AnswersOk()
    {
        using var client = host.CreateClient(HttpVersion.Version11);

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("Ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetRoot_Http2PriorKnowledge_AnswersOkOverHttp2()
    {
        using var client = host.CreateClient(HttpVersion.Version20);

        using var response = await client.GetAsync("/?via=h2c");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("Ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetRoot_Http2PriorKnowledge_RequestSeesHttpSchemeNotHttps()
    {
        using var client = host.CreateClient(HttpVersion.Version20);

        using var response = await client.GetAsync("/?probe=scheme");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(host.Recorder.Requests, r => r.Target == "/?probe=scheme");
        Assert.Equal(new RecordedRequest("/?probe=scheme", "HTTP/2", "http", IsHttps: false), seen);
    }

    [Fact]
    public async Task RestCall_MissingTopicOverHttp11_GoogleErrorShape()
    {
        using var client = host.CreateClient(HttpVersion.Version11);

        using var response = await client.GetAsync("/v1/projects/host-tests/topics/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Contains("\"NOT_FOUND\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcCall_UnknownMethodOverH2c_Unimplemented()
    {
        using var channel = GrpcChannel.ForAddress(
            host.BaseAddress,
            new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { UseProxy = false } });
        var marshaller = Marshallers.Create(static (byte[] b) => b, static b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "tidings.test.NoSuchService", "NoSuchMethod", marshaller, marshaller);

        var call = channel.CreateCallInvoker().AsyncUnaryCall(
            method, host: null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), []);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.DoesNotContain("Bad gRPC response", error.Status.Detail, StringComparison.Ordinal);
        var seen = Assert.Single(host.Recorder.Requests, r => r.Target == "/tidings.test.NoSuchService/NoSuchMethod");
        Assert.Equal("HTTP/2", seen.Protocol);
    }
}
