namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    private readonly ITimer _deadlineTimer;

    /// <summary>Lease deadlines, earliest first. An entry is stale when its lease has gone or moved its deadline.</summary>
    private readonly PriorityQueue<(long Sequence, long Generation), long> _deadlines = new();

    /// <summary>When the timer is due to fire, or long.MaxValue when it is idle.</summary>
    private long _timerDueTicks = long.MaxValue;

    /// <summary>Lock must be held.</summary>
    private void ScheduleDeadline(Lease lease)
    {
        _deadlines.Enqueue((lease.Sequence, lease.Generation), lease.DeadlineTicks);
        if (lease.DeadlineTicks < _timerDueTicks)
        {
            ArmTimer(lease.DeadlineTicks);
        }
    }

    /// <summary>Lock must be held.</summary>
    private void ArmTimer(long dueTicks)
    {
        _timerDueTicks = dueTicks;
        var delay = TimeSpan.FromTicks(Math.Max(0, dueTicks - _time.GetUtcNow().UtcTicks));
        _deadlineTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Expires every lease whose deadline passed and queues its message for redelivery.</summary>
    private void OnDeadlineTimer()
    {
        var expired = false;
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            _timerDueTicks = long.MaxValue;
            while (_deadlines.TryPeek(out var entry, out var deadline))
            {
                if (deadline > now)
                {
                    ArmTimer(deadline);
                    break;
                }
                _deadlines.Dequeue();
                if (_leases.TryGetValue(entry.Sequence, out var lease) && lease.Generation == entry.Generation && lease.DeadlineTicks <= now)
                {
                    Counters.RecordExpired();
                    ReturnForRedelivery(lease, now);
                    expired = true;
                }
            }
        }
        if (expired)
        {
            AfterDeliveryFailures();
        }
    }
}
