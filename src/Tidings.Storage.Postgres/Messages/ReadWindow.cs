using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>Messages [<see cref="Start"/>, <see cref="End"/>) of one log, read ahead by one query. Immutable but for <see cref="LastUsed"/>, which the log's lock guards.</summary>
internal sealed class ReadWindow(long start, StoredMessage[] messages, long bytes)
{
    public long Start { get; } = start;

    public long End => Start + messages.Length;

    /// <summary>What the window counts against the cache budget.</summary>
    public long Bytes { get; } = bytes;

    /// <summary>When it last served a read (a counter of the log), to replace the least recently used.</summary>
    public long LastUsed { get; set; }

    public bool Contains(long sequence) => sequence >= Start && sequence < End;

    public StoredMessage this[long sequence] => messages[sequence - Start];
}
