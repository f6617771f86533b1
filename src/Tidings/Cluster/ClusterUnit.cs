namespace Tidings.Cluster;

/// <summary>
/// A unit of work that one node of a cluster owns at a time: a service's engine, with its push dispatch, task dispatch
/// or cron firing. Each is its own session advisory lock (<see cref="ClusterUnits.LockObjectId"/>).
/// </summary>
internal enum ClusterUnit
{
    PubSub,
    Tasks,
    Scheduler,
}

/// <summary>The units, their names (in the owners table, <c>/clusterz</c> and logs) and their lock keys.</summary>
internal static class ClusterUnits
{
    /// <summary>Every unit, in the order their services are registered (and started on a lone node).</summary>
    public static readonly IReadOnlyList<ClusterUnit> All = [ClusterUnit.PubSub, ClusterUnit.Tasks, ClusterUnit.Scheduler];

    /// <summary>"Tide" in ASCII: the lock keys' first half (pg_locks' classid); below 2^31, so no sign trouble.</summary>
    public const long LockClassId = 0x54696465;

    public static string Name(this ClusterUnit unit) => unit switch
    {
        ClusterUnit.PubSub => "pubsub",
        ClusterUnit.Tasks => "tasks",
        _ => "scheduler",
    };

    public static ClusterUnit? Parse(string name) => name switch
    {
        "pubsub" => ClusterUnit.PubSub,
        "tasks" => ClusterUnit.Tasks,
        "scheduler" => ClusterUnit.Scheduler,
        _ => null,
    };

    /// <summary>The lock key's second half (pg_locks' objid): "PubS", "Task", "Schd" in ASCII.</summary>
    public static long LockObjectId(this ClusterUnit unit) => unit switch
    {
        ClusterUnit.PubSub => 0x50756253,
        ClusterUnit.Tasks => 0x5461736B,
        _ => 0x53636864,
    };

    /// <summary>The 64-bit key of <c>pg_try_advisory_lock(bigint)</c>: classid in the high half, objid in the low.</summary>
    public static long LockKey(this ClusterUnit unit) => (LockClassId << 32) | unit.LockObjectId();
}
