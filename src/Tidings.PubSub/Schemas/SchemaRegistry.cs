using System.Collections.Concurrent;

namespace Tidings.PubSub.Schemas;

/// <summary>
/// The schemas the engine knows, by full name. Lookups are lock-free; <see cref="Put"/> and <see cref="Remove"/> run
/// under the engine's registry lock, after the change was stored.
/// </summary>
public sealed class SchemaRegistry
{
    private readonly ConcurrentDictionary<string, RegisteredSchema> _schemas = new(StringComparer.Ordinal);

    public int Count => _schemas.Count;

    public RegisteredSchema? Find(string fullName) => _schemas.GetValueOrDefault(fullName);

    public IEnumerable<RegisteredSchema> All => _schemas.Values;

    internal void Put(RegisteredSchema schema) => _schemas[schema.Name.FullName] = schema;

    internal void Remove(RegisteredSchema schema) => _schemas.TryRemove(schema.Name.FullName, out _);
}
