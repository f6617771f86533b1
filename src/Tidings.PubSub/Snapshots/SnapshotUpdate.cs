namespace Tidings.PubSub.Snapshots;

/// <summary>What UpdateSnapshot changes: each field null when its path is not in the update mask.</summary>
public sealed record SnapshotUpdate(IReadOnlyDictionary<string, string>? Labels, DateTimeOffset? ExpireTime);
