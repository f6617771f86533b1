namespace Tidings.Cluster;

/// <summary>What this node does with a request, in order of a node's life as leader.</summary>
internal enum NodeRole
{
    /// <summary>Another node leads (or none does): requests are forwarded to the leader.</summary>
    Follower,

    /// <summary>This node holds the lock and is opening the engines: requests wait for them.</summary>
    Opening,

    /// <summary>This node runs the engines and serves every request itself.</summary>
    Leading,
}
