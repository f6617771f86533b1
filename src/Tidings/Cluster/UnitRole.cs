namespace Tidings.Cluster;

/// <summary>What this node is to a unit.</summary>
internal enum UnitRole
{
    /// <summary>Another node owns it (or none does yet): requests for it are forwarded.</summary>
    None,

    /// <summary>This node holds the unit's lock and waits its grace, or opens the unit's engine.</summary>
    Opening,

    /// <summary>This node runs the unit's engine and serves its requests.</summary>
    Owning,

    /// <summary>
    /// This node hands the unit (a Pub/Sub cell) to another: its engine drains and closes, then the lock is freed.
    /// Requests for it wait for the next owner.
    /// </summary>
    Releasing,
}
