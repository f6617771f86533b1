namespace Tidings.Cluster;

/// <summary>The services whose engines a cluster places on its nodes.</summary>
internal enum UnitService
{
    PubSub,
    Tasks,
    Scheduler,
}

/// <summary>
/// A unit of work that one node of a cluster owns at a time: a service's engine, with its push dispatch, task dispatch
/// or cron firing; Pub/Sub may be split into cells (<see cref="Cell"/>), each a unit of its own. Each unit is its own
/// session advisory lock (<see cref="ClusterUnitNames.LockKey"/>).
/// </summary>
internal readonly record struct ClusterUnit(UnitService Service, int Cell = 0) : IComparable<ClusterUnit>
{
    /// <summary>Pub/Sub's engine, or its first cell.</summary>
    public static readonly ClusterUnit PubSub = new(UnitService.PubSub);

    public static readonly ClusterUnit Tasks = new(UnitService.Tasks);

    public static readonly ClusterUnit Scheduler = new(UnitService.Scheduler);

    public static ClusterUnit PubSubCell(int cell) => new(UnitService.PubSub, cell);

    public int CompareTo(ClusterUnit other) => Service != other.Service ? Service.CompareTo(other.Service) : Cell.CompareTo(other.Cell);

    public override string ToString() => this.Name();
}

/// <summary>
/// A cluster's units: Pub/Sub's cells (one unless configured), then Cloud Tasks and Cloud Scheduler; their names (in
/// the owners table, <c>/clusterz</c> and logs) and their lock keys. Every node of a cluster must have the same cells.
/// </summary>
internal sealed class ClusterUnits
{
    /// <summary>"Tide" in ASCII: the lock keys' first half (pg_locks' classid); below 2^31, so no sign trouble.</summary>
    public const long LockClassId = 0x54696465;

    private const string PubSubName = "pubsub";

    /// <summary>A cluster with Pub/Sub as one engine.</summary>
    public static readonly ClusterUnits Single = new(1);

    public ClusterUnits(int pubSubCells)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pubSubCells, 1);
        PubSubCells = pubSubCells;
        All = [.. Enumerable.Range(0, pubSubCells).Select(ClusterUnit.PubSubCell), ClusterUnit.Tasks, ClusterUnit.Scheduler];
    }

    public int PubSubCells { get; }

    /// <summary>Every unit, in the order their services are registered (and started on a lone node).</summary>
    public IReadOnlyList<ClusterUnit> All { get; }

    /// <summary>The unit's position in <see cref="All"/>.</summary>
    public int IndexOf(ClusterUnit unit) => unit.Service switch
    {
        UnitService.PubSub => unit.Cell,
        UnitService.Tasks => PubSubCells,
        _ => PubSubCells + 1,
    };

    /// <summary>The unit named <paramref name="name"/> (<see cref="ClusterUnitNames.Name"/>), if it is one of these.</summary>
    public ClusterUnit? Parse(string name)
    {
        var unit = name switch
        {
            PubSubName => ClusterUnit.PubSub,
            "tasks" => ClusterUnit.Tasks,
            "scheduler" => ClusterUnit.Scheduler,
            _ when name.StartsWith(PubSubName + "-", StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(PubSubName.Length + 1), System.Globalization.NumberStyles.None, null, out var cell)
                && $"{PubSubName}-{cell}" == name => ClusterUnit.PubSubCell(cell),
            _ => (ClusterUnit?)null,
        };
        return unit is { } u && (u.Service != UnitService.PubSub || u.Cell < PubSubCells) ? u : null;
    }

    /// <summary>The units among these whose lock has the object id <paramref name="objectId"/> (one or none).</summary>
    public IEnumerable<ClusterUnit> WithLockObjectId(long objectId) => All.Where(u => u.LockObjectId() == objectId);
}

/// <summary>
/// Units' names (<c>pubsub</c> for Pub/Sub's engine or first cell, <c>pubsub-1</c>…, <c>tasks</c>, <c>scheduler</c>)
/// and lock keys.
/// </summary>
internal static class ClusterUnitNames
{
    /// <summary>The lock key's second half (pg_locks' objid): "PubS" plus the cell, "Task", "Schd" in ASCII.</summary>
    public static long LockObjectId(this ClusterUnit unit) => unit.Service switch
    {
        UnitService.PubSub => 0x50756253 + unit.Cell,
        UnitService.Tasks => 0x5461736B,
        _ => 0x53636864,
    };

    /// <summary>The 64-bit key of <c>pg_try_advisory_lock(bigint)</c>: classid in the high half, objid in the low.</summary>
    public static long LockKey(this ClusterUnit unit) => (ClusterUnits.LockClassId << 32) | unit.LockObjectId();

    public static string Name(this ClusterUnit unit) => unit.Service switch
    {
        UnitService.PubSub => unit.Cell == 0 ? "pubsub" : $"pubsub-{unit.Cell}",
        UnitService.Tasks => "tasks",
        _ => "scheduler",
    };
}
