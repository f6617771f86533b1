using System.Net;

namespace Tidings.Delivery;

/// <summary>
/// The hosts deliveries may be sent to. Entries are <c>host</c> (any port), <c>host:port</c>, or
/// <c>*.example.com</c> (any subdomain of example.com, at any depth, but not example.com itself; list both
/// to allow both), optionally with a port. Hosts may be names or IP addresses (IPv6 in brackets when a port
/// follows, e.g. <c>[::1]:8080</c>) and are compared case-insensitively. An empty list allows every host.
/// Immutable and thread-safe.
/// </summary>
public sealed class EndpointAllowList
{
    private readonly Entry[] _entries;

    /// <summary>Builds the list from <paramref name="hosts"/>.</summary>
    /// <exception cref="ArgumentException">An entry is empty, a bare <c>*</c>, or has an invalid port.</exception>
    public EndpointAllowList(IEnumerable<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        _entries = [.. hosts.Select(Entry.Parse)];
    }

    /// <summary>A list that allows every endpoint.</summary>
    public static EndpointAllowList AllowAll { get; } = new([]);

    /// <summary>False when the list is empty and so allows every host.</summary>
    public bool IsRestricted => _entries.Length > 0;

    /// <summary>Whether deliveries to <paramref name="endpoint"/> are allowed. Relative URIs never are.</summary>
    public bool Allows(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri)
        {
            return false;
        }
        if (_entries.Length == 0)
        {
            return true;
        }
        var host = NormalizeHost(endpoint.Host);
        foreach (var entry in _entries)
        {
            if (entry.Matches(host, endpoint.Port))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Lower case, no IPv6 brackets, no trailing dot, IP addresses in canonical form.</summary>
    private static string NormalizeHost(string host)
    {
        host = host.Trim().TrimEnd('.');
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return IPAddress.TryParse(host, out var address) ? address.ToString() : host.ToLowerInvariant();
    }

    /// <param name="Host">Normalized host, or the suffix <c>.example.com</c> when <paramref name="Wildcard"/>.</param>
    /// <param name="Port">The port, or null for any.</param>
    private sealed record Entry(string Host, bool Wildcard, int? Port)
    {
        public static Entry Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            var value = text.Trim();
            var (host, port) = SplitPort(value, text);
            var wildcard = host.StartsWith("*.", StringComparison.Ordinal);
            if (wildcard)
            {
                host = host[1..];
            }
            host = wildcard ? host.ToLowerInvariant().TrimEnd('.') : NormalizeHost(host);
            if (host.Length == 0 || host == "." || host.Contains('*'))
            {
                throw new ArgumentException(
                    $"Invalid endpoint allow-list entry '{text}': expected host, host:port or *.domain " +
                    "(an empty list allows every host).", nameof(text));
            }
            return new Entry(host, wildcard, port);
        }

        private static (string Host, int? Port) SplitPort(string value, string text)
        {
            string host;
            string? port = null;
            if (value.StartsWith('['))
            {
                var close = value.IndexOf(']');
                if (close < 0)
                {
                    throw new ArgumentException($"Invalid endpoint allow-list entry '{text}': unclosed '['.", nameof(text));
                }
                host = value[..(close + 1)];
                var rest = value[(close + 1)..];
                if (rest.Length > 0)
                {
                    port = rest.StartsWith(':') ? rest[1..] : throw new ArgumentException(
                        $"Invalid endpoint allow-list entry '{text}': unexpected text after ']'.", nameof(text));
                }
            }
            else if (value.Count(c => c == ':') == 1)
            {
                var colon = value.IndexOf(':');
                host = value[..colon];
                port = value[(colon + 1)..];
            }
            else
            {
                host = value; // a name, or a bare IPv6 address (several colons, so no port)
            }
            if (port is null)
            {
                return (host, null);
            }
            if (!int.TryParse(port, out var number) || number is < 0 or > 65535)
            {
                throw new ArgumentException($"Invalid endpoint allow-list entry '{text}': bad port '{port}'.", nameof(text));
            }
            return (host, number);
        }

        public bool Matches(string host, int port)
        {
            if (Port is { } only && only != port)
            {
                return false;
            }
            return Wildcard
                ? host.Length > Host.Length && host.EndsWith(Host, StringComparison.Ordinal)
                : host == Host;
        }
    }
}
