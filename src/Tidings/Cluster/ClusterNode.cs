using System.Security.Cryptography;
using Tidings.Configuration;
using Tidings.Hosting;

namespace Tidings.Cluster;

/// <summary>
/// This node as the cluster knows it: its id, the URL the others forward to, and the heartbeat. The URL is final
/// once the server listens (<see cref="ResolveAdvertiseUrl"/>), since by default it names the bound port.
/// </summary>
internal sealed class ClusterNode
{
    private readonly TidingsOptions _options;
    private volatile string _advertiseUrl;

    public ClusterNode(TidingsOptions options)
    {
        _options = options;
        NodeId = options.NodeId.Length > 0 ? options.NodeId : GenerateId();
        Heartbeat = TimeSpan.FromMilliseconds(options.ClusterHeartbeatMs);
        _advertiseUrl = options.AdvertiseUrl.TrimEnd('/');
    }

    public string NodeId { get; }

    /// <summary>How often the node makes a heartbeat (free locks tried, held ones checked); <see cref="TidingsOptions.ClusterHeartbeatMs"/>.</summary>
    public TimeSpan Heartbeat { get; }

    /// <summary>
    /// The fencing window: a node that wins a unit's lock waits this long before it opens the engine, so an owner that
    /// lost its session and has not noticed yet (it checks every heartbeat) has stopped by then.
    /// </summary>
    public TimeSpan Grace => 2 * Heartbeat;

    /// <summary>Where the other nodes reach this one; empty until the server listens unless configured.</summary>
    public string AdvertiseUrl => _advertiseUrl;

    /// <summary>Sets the default URL from the bound port unless <c>--advertise-url</c> gave one.</summary>
    public void ResolveAdvertiseUrl(int boundPort)
    {
        if (_advertiseUrl.Length > 0)
        {
            return;
        }
        var host = _options.Host is TidingsOptionsValidator.AnyHost or "0.0.0.0" or "::" ? "127.0.0.1" : _options.Host;
        var scheme = _options.TlsCert.Length > 0 ? "https" : "http";
        _advertiseUrl = $"{scheme}://{TidingsEndpoint.Format(host, boundPort)}";
    }

    // Unique across restarts, so the nodes table shows each run; readable, so logs say which machine.
    private static string GenerateId() =>
        $"{Environment.MachineName.ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
}
