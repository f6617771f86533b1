using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tidings.Hosting;

/// <summary>
/// Serves HTTP/2 with prior knowledge (h2c, what gRPC clients speak) and HTTP/1.1 (REST, curl) on one
/// cleartext port, as the official Pub/Sub emulator does.
/// </summary>
/// <remarks>
/// <para>
/// Why: without TLS there is no ALPN, and Kestrel (checked on .NET 10.0.x, <c>HttpConnection.SelectProtocol</c>)
/// picks HTTP/1.1 for every cleartext connection of an endpoint allowing <see cref="HttpProtocols.Http1AndHttp2"/>,
/// so gRPC clients would get a 400 and a GOAWAY. Kestrel chooses HTTP/2 only when the connection features hold an
/// <c>ITlsConnectionFeature</c> and an <c>ITlsApplicationProtocolFeature</c> reporting "h2", which normally come
/// from its TLS middleware.
/// </para>
/// <para>
/// How: <see cref="Http2PrefaceSniffer"/> runs before Kestrel's HTTP middleware. It peeks at the first bytes
/// without consuming them; when they are the HTTP/2 client preface (<c>PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n</c>) it
/// adds <see cref="H2cPriorKnowledgeFeature"/>, which plays both TLS features, so Kestrel selects HTTP/2 and then
/// reads the preface itself. Anything else goes on to Kestrel untouched and is served as HTTP/1.1.
/// <c>ITlsHandshakeFeature</c> is deliberately not faked: Kestrel's HTTP/2 code reads it to enforce TLS 1.2+.
/// </para>
/// <para>
/// Side effects on h2c connections, and why they are acceptable:
/// Kestrel derives the connection's scheme from the TLS feature, so it would say "https" and reset every stream
/// whose <c>:scheme</c> is "http" with PROTOCOL_ERROR. <see cref="KestrelServerOptions.AllowAlternateSchemes"/> is
/// therefore turned on (it only concerns HTTP/2 and HTTP/3 pseudo-headers), which makes
/// <c>HttpRequest.Scheme</c> the client's <c>:scheme</c>: "http" for real h2c clients, so <c>IsHttps</c> is false
/// and generated URLs are right. What remains: <c>HttpContext.Features.Get&lt;ITlsConnectionFeature&gt;()</c> is not
/// null on h2c requests (its client certificate is always null), so code must not take that feature as proof of
/// TLS; nothing in Tidings, gRPC or the JSON transcoding does.
/// </para>
/// <para>
/// Stalls: a connection that sends part of the preface and stops just waits, without blocking other connections.
/// The wait ends when bytes decide it, the client closes, the server asks connections to close (shutdown), or
/// <see cref="KestrelServerLimits.KeepAliveTimeout"/> passes — the timeout Kestrel itself gives a connection
/// before its first request — after which the connection is closed.
/// </para>
/// <para>
/// A later Kestrel that detects prior knowledge itself keeps working with this in place: the features just make
/// the outcome explicit. Remove this then.
/// </para>
/// </remarks>
internal static class Http2PrefaceSniffing
{
    /// <summary>Allows HTTP/1.1 and HTTP/2 on the endpoint and routes h2c prior-knowledge connections to HTTP/2.</summary>
    public static ListenOptions UseHttp2PrefaceSniffing(this ListenOptions listenOptions, KestrelServerOptions serverOptions)
    {
        serverOptions.AllowAlternateSchemes = true;

        // Http1AndHttp2 is Kestrel's default. Assigning it anyway would make Kestrel warn at bind time that
        // HTTP/2 is off without TLS, which is exactly what this middleware makes untrue.
        if (listenOptions.Protocols != HttpProtocols.Http1AndHttp2)
        {
            listenOptions.Protocols = HttpProtocols.Http1AndHttp2;
        }

        listenOptions.Use(next =>
        {
            // Runs when the server binds, once services exist; the limits are final by then.
            var logger = listenOptions.ApplicationServices.GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(Http2PrefaceSniffer).FullName!);
            var sniffer = new Http2PrefaceSniffer(serverOptions.Limits.KeepAliveTimeout, TimeProvider.System, logger);
            return connection => sniffer.OnConnectionAsync(connection, next);
        });
        return listenOptions;
    }
}
