using System.Net;
using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tidings.Configuration;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Hosting;

/// <summary>
/// With --tls-cert and --tls-key the one port speaks TLS: ALPN gives gRPC clients HTTP/2 and REST clients HTTP/1.1,
/// with a self-signed certificate made here and trusted by the client alone.
/// </summary>
public sealed class TlsEndpointTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SelfSignedCertificate? _certificate;
    private WebApplication? _app;

    private SelfSignedCertificate Certificate => _certificate!;

    private Uri BaseAddress => new($"https://127.0.0.1:{_app!.GetBoundPort()}/");

    public async Task InitializeAsync()
    {
        _certificate = SelfSignedCertificate.Create(_dir);
        var options = new TidingsOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            InMemory = true,
            DataDir = "/unused",
            TlsCert = Certificate.CertificatePath,
            TlsKey = Certificate.KeyPath,
        };
        _app = TidingsHost.Build(options, services => services.AddLogging(logging => logging.ClearProviders()));
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _certificate?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Grpc_OverTls_NegotiatesHttp2AndServesPublisher()
    {
        using var channel = GrpcChannel.ForAddress(BaseAddress, new GrpcChannelOptions { HttpHandler = Certificate.CreateTrustingHandler() });
        var publisher = new Publisher.PublisherClient(channel);

        var topic = await publisher.CreateTopicAsync(new Topic { Name = "projects/tls/topics/orders" }, deadline: DateTime.UtcNow.AddSeconds(20));
        var published = await publisher.PublishAsync(
            new PublishRequest { Topic = topic.Name, Messages = { new PubsubMessage { Data = Google.Protobuf.ByteString.CopyFromUtf8("hi") } } },
            deadline: DateTime.UtcNow.AddSeconds(20));

        Assert.Equal("projects/tls/topics/orders", topic.Name);
        Assert.Single(published.MessageIds);
    }

    [Fact]
    public async Task Rest_OverTlsHttp11_AnswersGoogleJson()
    {
        using var client = new HttpClient(Certificate.CreateTrustingHandler())
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var created = await client.PutAsync("v1/projects/tls/topics/rest", new StringContent("{}"));
        using var missing = await client.GetAsync("v1/projects/tls/topics/absent");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpVersion.Version11, created.Version);
        Assert.Contains("\"name\":\"projects/tls/topics/rest\"", (await created.Content.ReadAsStringAsync()).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Rest_OverTlsHttp2_AlsoServed()
    {
        using var client = new HttpClient(Certificate.CreateTrustingHandler())
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("Ok", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Push tokens name the server's own https address by default, where receivers find its keys.</summary>
    [Fact]
    public async Task OidcDiscovery_OverTls_IssuerIsTheHttpsAddress()
    {
        using var client = new HttpClient(Certificate.CreateTrustingHandler()) { BaseAddress = BaseAddress };

        var document = await client.GetStringAsync(".well-known/openid-configuration");

        Assert.Contains($"\"issuer\":\"https://127.0.0.1:{_app!.GetBoundPort()}\"", document.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleartext_OnTheTlsPort_IsNotServed()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://127.0.0.1:{_app!.GetBoundPort()}/")));
    }

    [Fact]
    public async Task Grpc_ClientThatDoesNotTrustTheCertificate_IsRefused()
    {
        using var channel = GrpcChannel.ForAddress(BaseAddress, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { UseProxy = false } });
        var publisher = new Publisher.PublisherClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await publisher.GetTopicAsync(new GetTopicRequest { Topic = "projects/tls/topics/x" }, deadline: DateTime.UtcNow.AddSeconds(20)));

        // Grpc.Net.Client reports a failed TLS handshake as INTERNAL "Error starting gRPC call".
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("The SSL connection could not be established", error.Status.Detail, StringComparison.Ordinal);
    }
}
