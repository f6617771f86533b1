using System.Net;
using System.Net.Sockets;
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

    public static void Configure(KestrelServerOptions kestrel, TidingsOptions options)
    {
        kestrel.Limits.Http2.InitialStreamWindowSize = StreamWindowBytes;
        kestrel.Limits.Http2.InitialConnectionWindowSize = ConnectionWindowBytes;
        kestrel.Limits.MaxRequestBodySize = null; // gRPC enforces its own message size limit

        Action<ListenOptions> configure = listen => listen.UseHttp2PrefaceSniffing(kestrel);

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
