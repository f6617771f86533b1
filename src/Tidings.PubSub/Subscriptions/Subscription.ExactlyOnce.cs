namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// Exactly-once delivery: an ack id is good only for the current, unexpired lease of its message, and what acks and
/// deadline changes did is saved before they are answered (the broker waits for the checkpointer). The saved state
/// is the ack state plus every lease's deadline, so after a restart a message whose lease was still running is held
/// back until that deadline, though the lease's ack id no longer works (its generation is from before the restart).
/// </summary>
public sealed partial class Subscription
{
    /// <summary>
    /// Acks applied whose saving failed, so the client's retry of the same id is accepted (and saved) rather than
    /// refused as already acked. Lock must be held.
    /// </summary>
    private readonly HashSet<AckId> _unsavedAcks = [];

    /// <summary>Due times (UTC ticks, ascending) of messages held back after a restart, for the wake-up timer. Lock must be held.</summary>
    private readonly Queue<long> _heldDueTicks = new();

    private ITimer? _heldTimer;

    /// <summary>The lease the id names if it is the message's current one and its deadline has not passed. Lock must be held.</summary>
    private bool TryGetCurrentLease(AckId ackId, out Lease lease)
    {
        if (_leases.TryGetValue(ackId.Sequence, out lease!) && lease.Generation == ackId.Generation)
        {
            return lease.DeadlineTicks > _time.GetUtcNow().UtcTicks;
        }
        return false;
    }

    /// <summary>Lets a client retry these acks, which were applied but not saved.</summary>
    internal void RememberUnsavedAcks(IEnumerable<AckId> ackIds)
    {
        lock (_lock)
        {
            _unsavedAcks.UnionWith(ackIds);
        }
    }

    /// <summary>These acks are saved now: a further ack with one of their ids is stale.</summary>
    internal void ForgetUnsavedAcks(IEnumerable<AckId> ackIds)
    {
        lock (_lock)
        {
            if (_unsavedAcks.Count > 0)
            {
                _unsavedAcks.ExceptWith(ackIds);
            }
        }
    }

    /// <summary>A consistent copy of the ack state and every lease's deadline, for checkpointing an exactly-once subscription.</summary>
    internal (AckState Acks, LeaseDeadline[] Leases) SnapshotExactlyOnceState()
    {
        lock (_lock)
        {
            var leases = new LeaseDeadline[_leases.Count];
            var i = 0;
            foreach (var lease in _leases.Values)
            {
                leases[i++] = new LeaseDeadline(lease.Sequence, new DateTimeOffset(lease.DeadlineTicks, TimeSpan.Zero).ToUnixTimeMilliseconds());
            }
            return (new AckState(_ackStateVersion, _floor, [.. _acked], SnapshotFailedAttempts()), leases);
        }
    }

    /// <summary>
    /// After <see cref="RestoreAckState"/>, before any delivery: holds back the messages whose saved lease has not
    /// expired until its deadline. Every sequence up to the last held one goes to the redelivery queue (due now,
    /// or at its lease's deadline) and the cursor moves past them, so the subscription's invariant holds. With
    /// message ordering a held message with a key waits in its key instead, which holds the key's later messages
    /// back with it, so the key's order survives the restart too.
    /// </summary>
    internal void RestoreLeaseDeadlines(IEnumerable<LeaseDeadline> leases)
    {
        var saved = leases.ToList();
        // Start-up, before any delivery: the keys are read here, outside the lock.
        var keys = _ordering is null ? null : ReadOrderingKeys(saved);
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            var end = Topic.Log.NextSequence;
            var held = new Dictionary<long, long>();
            foreach (var lease in saved)
            {
                var dueTicks = DateTimeOffset.FromUnixTimeMilliseconds(lease.DeadlineUnixMilliseconds).UtcTicks;
                if (lease.Sequence >= _cursor && lease.Sequence < end && dueTicks > now && !_acked.Contains(lease.Sequence))
                {
                    held[lease.Sequence] = dueTicks;
                }
            }
            if (held.Count == 0)
            {
                return;
            }
            var last = held.Keys.Max();
            for (var sequence = _cursor; sequence <= last; sequence++)
            {
                if (_acked.Contains(sequence))
                {
                    continue;
                }
                var failures = TakeRestoredFailures(sequence);
                if (held.TryGetValue(sequence, out var dueTicks) && keys is not null && keys.TryGetValue(sequence, out var name))
                {
                    var key = _ordering!.GetOrAdd(name);
                    _ordering.Park(key, sequence, failures);
                    key.NotBeforeTicks = Math.Max(key.NotBeforeTicks, dueTicks);
                    _ordering.Schedule(key, again: false);
                    continue;
                }
                _pending[sequence] = failures;
                _pendingQueue.Enqueue(sequence, (held.GetValueOrDefault(sequence, now), sequence));
            }
            _cursor = last + 1;
            foreach (var dueTicks in held.Values.Distinct().Order())
            {
                _heldDueTicks.Enqueue(dueTicks);
            }
            ArmHeldTimer(now);
        }
    }

    /// <summary>The ordering keys of the saved leases' messages that have one.</summary>
    private Dictionary<long, string> ReadOrderingKeys(List<LeaseDeadline> leases)
    {
        var keys = new Dictionary<long, string>();
        foreach (var lease in leases)
        {
            if (Topic.Log.TryRead(lease.Sequence, out var message) && message.OrderingKey.Length > 0)
            {
                keys[lease.Sequence] = message.OrderingKey;
            }
        }
        return keys;
    }

    /// <summary>Arms the wake-up for the next held message, or drops the timer when none is left. Lock must be held.</summary>
    private void ArmHeldTimer(long nowTicks)
    {
        while (_heldDueTicks.TryPeek(out var due) && due <= nowTicks)
        {
            _heldDueTicks.Dequeue();
        }
        if (!_heldDueTicks.TryPeek(out var next))
        {
            _heldTimer?.Dispose();
            _heldTimer = null;
            return;
        }
        _heldTimer ??= _time.CreateTimer(static state => ((Subscription)state!).OnHeldMessageDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _heldTimer.Change(TimeSpan.FromTicks(next - nowTicks), Timeout.InfiniteTimeSpan);
    }

    private void OnHeldMessageDue()
    {
        lock (_lock)
        {
            ArmHeldTimer(_time.GetUtcNow().UtcTicks);
        }
        NotifyMessagesAvailable();
    }
}
