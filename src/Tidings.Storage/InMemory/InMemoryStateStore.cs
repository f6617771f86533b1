using Tidings.Storage.State;

namespace Tidings.Storage.InMemory;

/// <summary>State documents in a sorted dictionary for the life of the process.</summary>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<(string Kind, string Key), byte[]> _documents = new(Comparer<(string Kind, string Key)>.Create(
        (a, b) => string.CompareOrdinal(a.Kind, b.Kind) is var byKind and not 0 ? byKind : string.CompareOrdinal(a.Key, b.Key)));

    public IReadOnlyList<StateDocument> LoadAll(string kind)
    {
        lock (_lock)
        {
            return [.. _documents.Where(entry => entry.Key.Kind == kind).Select(entry => new StateDocument(kind, entry.Key.Key, entry.Value))];
        }
    }

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        lock (_lock)
        {
            foreach (var change in changes)
            {
                if (change.Value is { } value)
                {
                    _documents[(change.Kind, change.Key)] = value.ToArray();
                }
                else
                {
                    _documents.Remove((change.Kind, change.Key));
                }
            }
        }
    }

    public void Dispose()
    {
    }
}
