using Tidings.Storage.Messages;

namespace Tidings.PubSub.Monitoring;

/// <summary>
/// A topic's cumulative publish counts since the server started (not persisted, as Prometheus counters restart
/// with their process). Updated with <see cref="Interlocked"/> on the publish path; read without a lock.
/// </summary>
internal sealed class TopicCounters
{
    private long _messages;
    private long _bytes;
    private long _requests;

    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Message sizes as flow control counts them (data, attributes, ordering key).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Appends to the log: publish requests, and the dead-letter forwarder's batches.</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>Counts one stored batch. Sums sizes already computed: no allocation, no lock.</summary>
    public void RecordAppended(StoredMessage[] messages)
    {
        long bytes = 0;
        foreach (var message in messages)
        {
            bytes += message.Size;
        }
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _messages, messages.Length);
        Interlocked.Add(ref _bytes, bytes);
    }
}
