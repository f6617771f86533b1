using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Tidings.Hosting;

/// <summary>
/// Set on a cleartext connection that opened with the HTTP/2 preface, so that Kestrel's protocol selection,
/// which only looks for "h2" from TLS, picks HTTP/2. There is no TLS: no client certificate, ever.
/// See <see cref="Http2PrefaceSniffing"/> for the side effects.
/// </summary>
internal sealed class H2cPriorKnowledgeFeature : ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    private static readonly ReadOnlyMemory<byte> _http2 = "h2"u8.ToArray();

    public ReadOnlyMemory<byte> ApplicationProtocol => _http2;

    public X509Certificate2? ClientCertificate
    {
        get => null;
        set { }
    }

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) =>
        Task.FromResult<X509Certificate2?>(null);

    public static void AddTo(IFeatureCollection features)
    {
        var feature = new H2cPriorKnowledgeFeature();
        features.Set<ITlsConnectionFeature>(feature);
        features.Set<ITlsApplicationProtocolFeature>(feature);
    }
}
