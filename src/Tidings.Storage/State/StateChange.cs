namespace Tidings.Storage.State;

/// <summary>One change to the state store: a document put (inserted or replaced) or deleted.</summary>
public readonly record struct StateChange(string Kind, string Key, ReadOnlyMemory<byte>? Value)
{
    public static StateChange Put(string kind, string key, ReadOnlyMemory<byte> value) => new(kind, key, value);

    public static StateChange Delete(string kind, string key) => new(kind, key, null);
}
