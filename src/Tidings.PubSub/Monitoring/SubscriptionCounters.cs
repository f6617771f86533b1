namespace Tidings.PubSub.Monitoring;

/// <summary>
/// A subscription's cumulative delivery counts since the server started. Each is bumped with one
/// <see cref="Interlocked"/> increment where the event happens (some under the subscription's lock, none taking
/// one); readers see each count on its own, not a consistent cut across them.
/// </summary>
internal sealed class SubscriptionCounters
{
    private readonly long[] _pushRequests = new long[PushResponseClasses.All.Count];
    private long _acks;
    private long _nacks;
    private long _expired;
    private long _deadLettered;
    private PushFailure? _lastPushFailure;
    private OldestUnacked? _oldestUnacked;

    /// <summary>Messages acknowledged (by a subscriber or a push endpoint); repeated acks of one message count once.</summary>
    public long Acks => Volatile.Read(ref _acks);

    /// <summary>Leases given back with a zero deadline (a nack), including failed pushes.</summary>
    public long Nacks => Volatile.Read(ref _nacks);

    /// <summary>Leases whose ack deadline passed.</summary>
    public long Expired => Volatile.Read(ref _expired);

    /// <summary>Messages published to the dead-letter topic.</summary>
    public long DeadLettered => Volatile.Read(ref _deadLettered);

    public PushFailure? LastPushFailure => Volatile.Read(ref _lastPushFailure);

    public void RecordAck() => Interlocked.Increment(ref _acks);

    public void RecordNack() => Interlocked.Increment(ref _nacks);

    public void RecordExpired() => Interlocked.Increment(ref _expired);

    public void RecordDeadLettered() => Interlocked.Increment(ref _deadLettered);

    public void RecordPush(PushResponseClass responseClass) => Interlocked.Increment(ref _pushRequests[(int)responseClass]);

    /// <summary>Remembers why a push failed; only on the failure path, so the record's allocation costs nothing when pushes succeed.</summary>
    public void RecordPushFailure(string error, DateTimeOffset at) => Volatile.Write(ref _lastPushFailure, new PushFailure(error, at));

    public long PushRequests(PushResponseClass responseClass) => Volatile.Read(ref _pushRequests[(int)responseClass]);

    /// <summary>
    /// The publish time of the message at <paramref name="floor"/> if the last lookup was for that floor: the oldest
    /// unacked message only changes when the floor moves, so a scrape reads the log once per move, not per scrape.
    /// </summary>
    public bool TryGetOldestUnacked(long floor, out long publishTimeMicros)
    {
        if (Volatile.Read(ref _oldestUnacked) is { } cached && cached.Floor == floor)
        {
            publishTimeMicros = cached.PublishTimeMicros;
            return true;
        }
        publishTimeMicros = 0;
        return false;
    }

    public void SetOldestUnacked(long floor, long publishTimeMicros) =>
        Volatile.Write(ref _oldestUnacked, new OldestUnacked(floor, publishTimeMicros));

    private sealed record OldestUnacked(long Floor, long PublishTimeMicros);
}
