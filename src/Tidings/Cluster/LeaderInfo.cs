namespace Tidings.Cluster;

/// <summary>The leader as recorded in the database: who, where, and its epoch (one more at every change of leader).</summary>
internal sealed record LeaderInfo(string NodeId, string Url, long Epoch);
