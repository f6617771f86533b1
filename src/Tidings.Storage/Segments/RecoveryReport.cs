namespace Tidings.Storage.Segments;

/// <summary>What a <see cref="SegmentLogStore"/> found and changed while opening. Empty after a clean shutdown.</summary>
public sealed class RecoveryReport
{
    private readonly List<TornTail> _tornTails = [];
    private readonly List<DroppedRange> _dropped = [];
    private readonly List<string> _removedDirectories = [];

    /// <summary>Torn tails cut off the last segment of a log (unsynced writes at a crash).</summary>
    public IReadOnlyList<TornTail> TornTails => _tornTails;

    /// <summary>Ranges dropped by <see cref="SegmentLogStoreOptions.Repair"/>; always empty without it.</summary>
    public IReadOnlyList<DroppedRange> Dropped => _dropped;

    /// <summary>Leftovers removed: log directories whose deletion or creation a crash interrupted.</summary>
    public IReadOnlyList<string> RemovedDirectories => _removedDirectories;

    internal void Add(TornTail tail) => _tornTails.Add(tail);

    internal void Add(DroppedRange range) => _dropped.Add(range);

    internal void AddRemovedDirectory(string path) => _removedDirectories.Add(path);
}
