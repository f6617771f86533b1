using System.Collections.Concurrent;

namespace Tidings.PubSub.Schemas;

/// <summary>
/// The schemas the engine knows, by full name. Lookups are lock-free; <see cref="Put"/> and <see cref="Remove"/> run
/// under the engine's registry lock, after the change was stored. With Pub/Sub in cells on several nodes, other nodes
/// change the stored schemas too, so this is a cache that is reloaded from the store (<see cref="ReloadLock"/>); a
/// reload swaps an entry only if it is still the one it replaces (<see cref="TryReplace"/>), so it never undoes a
/// change stored meanwhile.
/// </summary>
public sealed class SchemaRegistry
{
    private readonly ConcurrentDictionary<string, RegisteredSchema> _schemas = new(StringComparer.Ordinal);

    // Per schema, the copy a refused publish last had read again and found unchanged, and when.
    private readonly ConcurrentDictionary<string, (RegisteredSchema Schema, long Ticks)> _foundUnchanged = new(StringComparer.Ordinal);

    public int Count => _schemas.Count;

    public RegisteredSchema? Find(string fullName) => _schemas.GetValueOrDefault(fullName);

    public IEnumerable<RegisteredSchema> All => _schemas.Values;

    /// <summary>
    /// Serialises reloads from the state store. Taken last (after the schema lock or an engine's registry lock), and
    /// nothing is taken under it.
    /// </summary>
    internal Lock ReloadLock { get; } = new();

    internal void Put(RegisteredSchema schema) => _schemas[schema.Name.FullName] = schema;

    internal void Remove(RegisteredSchema schema) => Remove(schema.Name.FullName);

    internal void Remove(string fullName)
    {
        _schemas.TryRemove(fullName, out _);
        _foundUnchanged.TryRemove(fullName, out _);
    }

    /// <summary>Whether <paramref name="schema"/>, this very copy, was read again and found unchanged after <paramref name="sinceTicks"/>.</summary>
    internal bool FoundUnchangedSince(RegisteredSchema schema, long sinceTicks) =>
        _foundUnchanged.TryGetValue(schema.Name.FullName, out var check) && ReferenceEquals(check.Schema, schema) && check.Ticks > sinceTicks;

    /// <summary>Records that <paramref name="schema"/> was read again at <paramref name="ticks"/> and found unchanged.</summary>
    internal void NoteFoundUnchanged(RegisteredSchema schema, long ticks) => _foundUnchanged[schema.Name.FullName] = (schema, ticks);

    /// <summary>
    /// Makes this copy match <paramref name="stored"/>, every schema the store holds: the others go, and a schema that
    /// did not change keeps its entry (its compiled revisions). Reload lock held, and the schema lock, so no change of
    /// this process interleaves.
    /// </summary>
    internal void Sync(IReadOnlyList<RegisteredSchema> stored)
    {
        var names = stored.Select(schema => schema.Name.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _schemas.Keys.Where(name => !names.Contains(name)).ToList())
        {
            _schemas.TryRemove(gone, out _);
        }
        foreach (var schema in stored)
        {
            Put(Persistence.StoredSchemas.Reconcile(Find(schema.Name.FullName), schema)!);
        }
    }

    /// <summary>
    /// Puts <paramref name="fresh"/> in place of <paramref name="current"/> (null: no entry) if that is still the entry,
    /// or removes the entry when <paramref name="fresh"/> is null; false when the entry changed meanwhile.
    /// </summary>
    internal bool TryReplace(string fullName, RegisteredSchema? current, RegisteredSchema? fresh) => (current, fresh) switch
    {
        (null, null) => !_schemas.ContainsKey(fullName),
        (null, { }) => _schemas.TryAdd(fullName, fresh),
        ({ }, null) => _schemas.TryRemove(KeyValuePair.Create(fullName, current)),
        _ => ReferenceEquals(current, fresh) || _schemas.TryUpdate(fullName, fresh, current),
    };
}
