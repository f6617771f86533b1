namespace Tidings.Storage.Messages;

/// <summary>The disk has no room for the write; nothing of it became visible. Retrying after space is freed works.</summary>
public sealed class StorageFullException(string message, Exception? inner = null) : IOException(message, inner);
