namespace Tidings.Storage.State;

/// <summary>A stored document: its kind (e.g. "topic"), its key within the kind, and its opaque value.</summary>
public sealed record StateDocument(string Kind, string Key, byte[] Value);
