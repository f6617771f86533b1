namespace Tidings.Cluster;

/// <summary>A live node: seen (its <c>last_seen</c> refreshed) within the last three heartbeats.</summary>
internal sealed record ClusterNodeInfo(string NodeId, string Url);
