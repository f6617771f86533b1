namespace Tidings.Cluster;

/// <summary>The node that owns a unit, as recorded in <c>tidings_cluster_owners</c> while it holds the unit's lock.</summary>
internal sealed record UnitOwner(string NodeId, string Url, long Epoch);
