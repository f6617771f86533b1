using Tidings.Kernel.Signals;

namespace Tidings.PubSub.Consumers;

/// <summary>
/// One receiver of a subscription's messages (a StreamingPull stream, or a waiting unary Pull) with its flow
/// control window. The counters are changed only under the owning subscription's lock; leases keep a reference
/// to their consumer after it has gone, so acks that arrive later on another call still free its window.
/// </summary>
public sealed class MessageConsumer
{
    internal MessageConsumer(int ackDeadlineSeconds, long maxOutstandingMessages, long maxOutstandingBytes)
    {
        AckDeadlineSeconds = ackDeadlineSeconds;
        MaxOutstandingMessages = maxOutstandingMessages;
        MaxOutstandingBytes = maxOutstandingBytes;
    }

    /// <summary>A push dispatcher rather than a subscriber: its being there is no activity for the expiration policy.</summary>
    internal bool IsPush { get; init; }

    /// <summary>Ack deadline given to messages leased through this consumer, in seconds.</summary>
    public int AckDeadlineSeconds { get; set; }

    /// <summary>0 or less means unlimited.</summary>
    public long MaxOutstandingMessages { get; }

    /// <summary>0 or less means unlimited.</summary>
    public long MaxOutstandingBytes { get; }

    /// <summary>
    /// On a subscription with message ordering: at most one message of an ordering key outstanding at a time, as
    /// Google allows unary Pull and push; false (a StreamingPull stream) lets several of a key be outstanding on
    /// this consumer, in order. Set before the consumer first leases.
    /// </summary>
    public bool OneMessagePerOrderingKey { get; internal set; }

    internal long OutstandingMessages { get; set; }

    internal long OutstandingBytes { get; set; }

    internal AsyncSignal Signal { get; } = new();

    /// <summary>Waits until messages may be available or the window has room again; false on timeout.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        Signal.WaitAsync(timeout, time, cancellationToken);

    /// <summary>How many messages the window still admits (at least one when nothing is outstanding).</summary>
    internal int RemainingMessages(int cap)
    {
        if (MaxOutstandingMessages <= 0)
        {
            return cap;
        }
        return (int)Math.Clamp(MaxOutstandingMessages - OutstandingMessages, 0, cap);
    }

    internal bool AdmitsBytes(long bytes) =>
        MaxOutstandingBytes <= 0 || OutstandingMessages == 0 || OutstandingBytes + bytes <= MaxOutstandingBytes;

    internal void Release(int bytes)
    {
        var wasFull = MaxOutstandingMessages > 0 && OutstandingMessages >= MaxOutstandingMessages;
        OutstandingMessages--;
        OutstandingBytes -= bytes;
        if (wasFull || MaxOutstandingBytes > 0)
        {
            Signal.Set();
        }
    }
}
