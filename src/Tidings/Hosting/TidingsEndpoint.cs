using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tidings.Configuration;

namespace Tidings.Hosting;

/// <summary>Binds the one Kestrel endpoint Tidings serves everything on, from <see cref="TidingsOptions.Host"/> and Port.</summary>
internal static class TidingsEndpoint
{
    /// <summary>
    /// HTTP/2 flow-control windows large enough for a whole 10 MiB publish: with Kestrel's defaults (96 KiB per
    /// stream) a 1 MB request waits for a dozen WINDOW_UPDATE round trips.
    /// </summary>
    private const int StreamWindowBytes = 16 * 1024 * 1024;
    private const int ConnectionWindowBytes = 32 * 1024 * 1024;

    /// <param name="certificate">
    /// Null for cleartext, where the first bytes tell h2c from HTTP/1.1 (<see cref="Http2PrefaceSniffing"/>). With a
    /// certificate the port speaks TLS only and ALPN chooses: "h2" for gRPC clients, "http/1.1" (or no ALPN) for REST.
    /// </param>
    public static void Configure(KestrelServerOptions kestrel, TidingsOptions options, X509Certificate2? certificate)
    {
        kestrel.Limits.Http2.InitialStreamWindowSize = StreamWindowBytes;
        kestrel.Limits.Http2.InitialConnectionWindowSize = ConnectionWindowBytes;
        kestrel.Limits.MaxRequestBodySize = null; // gRPC enforces its own message size limit

        Action<ListenOptions> configure = certificate is null
            ? listen => listen.UseHttp2PrefaceSniffing(kestrel)
            : listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            };

        if (options.Host == TidingsOptionsValidator.AnyHost)
        {
            kestrel.ListenAnyIP(options.Port, configure);
        }
        else if (string.Equals(options.Host, TidingsOptionsValidator.Localhost, StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel cannot bind "localhost" (both loopbacks) to a dynamic port; port 0 takes IPv4 loopback only.
            if (options.Port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, options.Port, configure);
            }
            else
            {
                kestrel.ListenLocalhost(options.Port, configure);
            }
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(options.Host), options.Port, configure);
        }
    }

    /// <summary>How to show the endpoint: <c>host:port</c>, with brackets around an IPv6 address.</summary>
    public static string Format(string host, int port) =>
        IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{host}]:{port}"
            : $"{host}:{port}";
}
