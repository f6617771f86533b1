using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tidings.Cluster;
using Tidings.Configuration;
using Tidings.Host.Tests.Hosting;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Cluster;

/// <summary>
/// Nodes forward to each other over https with the trust of <see cref="ForwardingClient"/>: a node that serves a
/// self-signed certificate is reached by another configured with the same certificate, and refused by one with a
/// different certificate or none, against a real TLS handshake with a server on that certificate.
/// </summary>
public sealed class NodeCertificateTrustTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SelfSignedCertificate? _shared;
    private SelfSignedCertificate? _other;
    private WebApplication? _node;

    private Uri Health => new($"https://127.0.0.1:{_node!.GetBoundPort()}/healthz");

    public async Task InitializeAsync()
    {
        _shared = SelfSignedCertificate.Create(_dir, "shared");
        _other = SelfSignedCertificate.Create(_dir, "other");
        _node = TidingsHost.Build(NodeOptions(_shared), services => services.AddLogging(logging => logging.ClearProviders()));
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        _shared?.Dispose();
        _other?.Dispose();
        _dir.Dispose();
    }

    private static TidingsOptions NodeOptions(SelfSignedCertificate? certificate) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        InMemory = true,
        DataDir = "/unused",
        TlsCert = certificate?.CertificatePath ?? "",
        TlsKey = certificate?.KeyPath ?? "",
    };

    /// <summary>GET /healthz with the trust a node configured with <paramref name="certificate"/> forwards with.</summary>
    private async Task<string> GetHealthAsync(SelfSignedCertificate? certificate)
    {
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = ForwardingClient.TrustOwnCertificate(NodeOptions(certificate)) },
        };
        using var client = new HttpClient(handler);
        return await client.GetStringAsync(Health);
    }

    [Fact]
    public async Task SameSelfSignedCertificate_Trusted()
    {
        Assert.Equal("ok", await GetHealthAsync(_shared));
    }

    [Fact]
    public async Task OtherSelfSignedCertificate_Refused()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => GetHealthAsync(_other));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task NoCertificateOfItsOwn_SelfSignedRefused()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => GetHealthAsync(null));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }
}
