using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tidings.Configuration;

namespace Tidings.Hosting;

/// <summary>Binds the one Kestrel endpoint Tidings serves everything on, from <see cref="TidingsOptions.Host"/> and Port.</summary>
internal static class TidingsEndpoint
{
    public static void Configure(KestrelServerOptions kestrel, TidingsOptions options)
    {
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
