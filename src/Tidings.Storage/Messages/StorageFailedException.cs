namespace Tidings.Storage.Messages;

/// <summary>
/// A write or sync failed for another reason than space. The write is not acknowledged; a log whose sync failed
/// refuses further appends until restart, since the kernel may have dropped the unsynced pages.
/// </summary>
public sealed class StorageFailedException(string message, Exception? inner = null) : IOException(message, inner);
