namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>
    /// Due times of messages waiting out a retry backoff, earliest first; created with the first such wait. Entries
    /// are only wake-up times: one whose message was acked since costs a needless wake-up, nothing more.
    /// </summary>
    private PriorityQueue<long, long>? _retryWakeups;

    private ITimer? _retryTimer;

    /// <summary>When the retry timer fires, or long.MaxValue when it is idle.</summary>
    private long _retryTimerDueTicks = long.MaxValue;

    /// <summary>
    /// A delivery failed (nacked or its ack deadline passed) after <paramref name="attempts"/> deliveries in all:
    /// with those attempts used up the message goes to the dead-letter topic, otherwise back in the queue after
    /// the retry policy's backoff. The caller runs <see cref="AfterDeliveryFailures"/> once the lock is released.
    /// Lock must be held.
    /// </summary>
    private void OnDeliveryFailed(long sequence, int attempts, long nowTicks)
    {
        if (Settings.DeadLetterPolicy is { } policy && attempts >= policy.MaxDeliveryAttempts)
        {
            QueueDeadLetter(sequence, attempts);
            return;
        }
        QueueRedelivery(sequence, attempts, nowTicks);
    }

    /// <summary>
    /// Queues a message that failed <paramref name="failures"/> times for delivery once its backoff has passed; a
    /// backing-off message waits in the queue without holding up any other. Lock must be held.
    /// </summary>
    private void QueueRedelivery(long sequence, int failures, long nowTicks)
    {
        var due = nowTicks + RetryBackoff.Delay(Settings.RetryPolicy, failures).Ticks;
        _pending[sequence] = failures;
        _pendingQueue.Enqueue(sequence, (due, sequence));
        if (due > nowTicks)
        {
            ScheduleRetryWakeup(due);
        }
        NoteFailedAttempts();
    }

    /// <summary>
    /// Gives back a lease its receiver never got to use (a push cancelled because the dispatcher stopped): the
    /// message is due at once and the delivery is no attempt, so neither the count nor a backoff moves. Ids of
    /// older deliveries are ignored.
    /// </summary>
    internal void Abandon(AckId ackId)
    {
        lock (_lock)
        {
            if (!_leases.TryGetValue(ackId.Sequence, out var lease) || lease.Generation != ackId.Generation)
            {
                return;
            }
            _leases.Remove(lease.Sequence);
            lease.Consumer.Release(lease.Size);
            ReturnClaim(lease.Sequence, lease.DeliveryAttempt - 1, _time.GetUtcNow().UtcTicks);
        }
        NotifyMessagesAvailable();
    }

    /// <summary>Wakes the receivers and starts forwarding dead letters, after failures were recorded; never under the lock.</summary>
    private void AfterDeliveryFailures()
    {
        NotifyMessagesAvailable();
        StartForwardingDeadLetters();
    }

    /// <summary>Lock must be held.</summary>
    private void ScheduleRetryWakeup(long dueTicks)
    {
        _retryWakeups ??= new PriorityQueue<long, long>();
        _retryWakeups.Enqueue(dueTicks, dueTicks);
        if (dueTicks < _retryTimerDueTicks)
        {
            ArmRetryTimer(dueTicks);
        }
    }

    /// <summary>Lock must be held.</summary>
    private void ArmRetryTimer(long dueTicks)
    {
        _retryTimer ??= _time.CreateTimer(static state => ((Subscription)state!).OnRetryTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _retryTimerDueTicks = dueTicks;
        var delay = TimeSpan.FromTicks(Math.Max(0, dueTicks - _time.GetUtcNow().UtcTicks));
        _retryTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A backoff ended: wakes the receivers so they lease the message, and arms the timer for the next one.</summary>
    private void OnRetryTimer()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            _retryTimerDueTicks = long.MaxValue;
            while (_retryWakeups!.TryPeek(out _, out var due))
            {
                if (due > now)
                {
                    ArmRetryTimer(due);
                    break;
                }
                _retryWakeups.Dequeue();
            }
        }
        NotifyMessagesAvailable();
    }
}
