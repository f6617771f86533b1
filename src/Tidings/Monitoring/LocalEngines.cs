namespace Tidings.Monitoring;

/// <summary>
/// Which engines run in this process, so the meter reads only those: every one on a single node; in a cluster, those
/// of the units this node owns (Cluster/ClusterLocalEngines), since resolving another would open it here.
/// </summary>
internal class LocalEngines
{
    public virtual bool PubSub => true;

    public virtual bool Tasks => true;

    public virtual bool Scheduler => true;
}
