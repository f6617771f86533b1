namespace Tidings.Monitoring;

/// <summary>
/// Whether the server is ready for traffic: every engine's stores are open and recovered or, in a cluster, each
/// service's engine runs on this node or its owner is known; and no stop has begun. Set by
/// <see cref="ReadinessMarker"/> and, in cluster mode, <see cref="Cluster.UnitOwnership"/>; read by <c>/readyz</c>.
/// Thread-safe.
/// </summary>
internal sealed class Readiness
{
    private volatile bool _ready;
    private volatile bool _stopping;

    public bool IsReady => _ready && !_stopping;

    public void MarkReady() => _ready = true;

    /// <summary>Not ready for now (a cluster node that knows no owner of a service); unlike a stop, it may become ready again.</summary>
    public void MarkNotReady() => _ready = false;

    /// <summary>Not ready for good: the server is stopping.</summary>
    public void MarkStopping() => _stopping = true;
}
