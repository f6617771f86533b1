using Microsoft.Extensions.Logging;
using Tidings.Configuration;

namespace Tidings.Cluster;

/// <summary>
/// Hears the changes of owner the nodes announce on <see cref="ClusterDatabase.Channel"/> (a unit recorded by its new
/// owner, handed back, or left by a node's graceful stop) and wakes <see cref="UnitOwnership"/>'s loop for each, so a
/// node learns a new owner, or takes a unit given up, within milliseconds rather than at its next heartbeat. Only a
/// shortcut: the heartbeats read the same state, so a notification missed costs a heartbeat at most.
/// </summary>
internal sealed class ClusterChangeListener(
    ClusterWakeups wakeups,
    ClusterNode node,
    TidingsOptions options,
    TimeProvider time,
    ILogger<ClusterChangeListener> logger) : PostgresChannelListener(node, options, time)
{
    protected override string Channel => ClusterDatabase.Channel;

    protected override string Purpose => "owners";

    protected override void OnListening() => wakeups.Wake();

    protected override void OnNotification(string payload) => wakeups.Wake();

    protected override void OnListenFailed(string reason) => ClusterLog.OwnersListenFailed(logger, Node.NodeId, reason);
}
