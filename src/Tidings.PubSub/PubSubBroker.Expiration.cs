using Microsoft.Extensions.Logging;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Subscriptions;
using Tidings.Storage.State;

namespace Tidings.PubSub;

/// <summary>
/// The expiration policy: a subscription inactive for its ttl is deleted, through the same path as
/// DeleteSubscription. Google calls a subscription active while "any connected subscriber is successfully consuming
/// messages from the subscription or is issuing operations on the subscription". Here that is: creation, Pull,
/// Acknowledge, ModifyAckDeadline, a StreamingPull stream opening and every sweep it stays open, its acks and
/// deadline changes, a successful push (2xx/102 answer) and UpdateSubscription or ModifyPushConfig. Not activity:
/// GetSubscription, ListSubscriptions, publishing to the topic, failed pushes, and the server restarting.
/// </summary>
/// <remarks>
/// One timer sweeps every subscription each <see cref="PubSubOptions.ExpirySweepInterval"/> under the registry lock.
/// Time the server was not running does not count as inactivity: last activities are stored on a running clock
/// that stands still while the server is down (<see cref="ActivityDocuments"/>), saved at every sweep, and a
/// subscription's last activity is saved when it moved by <see cref="ActivitySaveThreshold"/> (and at disposal).
/// </remarks>
public sealed partial class PubSubBroker
{
    /// <summary>A subscription's saved last activity is rewritten once it moved by this much (and at disposal).</summary>
    internal static readonly TimeSpan ActivitySaveThreshold = TimeSpan.FromHours(1);

    private ITimer? _expiryTimer;

    /// <summary>Real time (Unix ms of the injected clock) minus running time; set once at start-up.</summary>
    private long _runningOffsetMs;

    /// <summary>The last activity saved per subscription id. Registry lock must be held.</summary>
    private readonly Dictionary<long, DateTimeOffset> _savedActivity = [];

    /// <summary>Reads the running clock and the saved last activities; called by <see cref="Recover"/> before subscriptions.</summary>
    private Dictionary<long, long> LoadActivity()
    {
        var (clockMs, lastActive) = ActivityDocuments.ReadAll(_state.LoadAll(ActivityDocuments.ActivityKind));
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        // The running clock starts where the last run saved it (on its first run, at the real time).
        _runningOffsetMs = nowMs - (clockMs ?? nowMs);
        return lastActive;
    }

    /// <summary>
    /// Gives a recovered subscription its saved last activity, moved forward by the time the server was down. One
    /// without a record (written before expiration was enforced) counts as active at start-up.
    /// </summary>
    private void RestoreActivity(Subscription subscription, Dictionary<long, long> lastActive)
    {
        var now = _time.GetUtcNow();
        if (lastActive.Remove(subscription.Id, out var runningMs))
        {
            var restored = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(runningMs + _runningOffsetMs, now.ToUnixTimeMilliseconds()));
            subscription.RestoreLastActive(restored);
            _savedActivity[subscription.Id] = restored;
        }
        else
        {
            subscription.RestoreLastActive(now);
        }
    }

    private long ToRunningMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds() - _runningOffsetMs;

    private void StartExpirySweeper() =>
        _expiryTimer = _time.CreateTimer(static self => ((PubSubBroker)self!).SweepSafely(), this, Options.ExpirySweepInterval, Options.ExpirySweepInterval);

    /// <summary>The records a new subscription starts with: active at creation.</summary>
    private StateChange PutCreationActivity(Subscription subscription)
    {
        _savedActivity[subscription.Id] = subscription.LastActive;
        return ActivityDocuments.PutLastActive(subscription.Id, ToRunningMs(subscription.LastActive));
    }

    /// <summary>
    /// Deletes every subscription whose ttl has passed without activity, and saves the running clock and the last
    /// activities that moved. A connected subscriber counts as activity at each sweep. Runs on the expiry timer;
    /// callable from tests.
    /// </summary>
    internal void SweepExpiredSubscriptions()
    {
        lock (_registryLock)
        {
            var now = _time.GetUtcNow();
            var expired = new List<Subscription>();
            foreach (var subscription in _subscriptions.Values)
            {
                if (subscription.HasConnectedSubscriber)
                {
                    subscription.MarkActive();
                }
                if (subscription.ExpiresAt <= now)
                {
                    expired.Add(subscription);
                }
            }
            SaveActivity(now, ActivitySaveThreshold);
            foreach (var subscription in expired)
            {
                LogSubscriptionExpired(_logger, subscription.Name.FullName, subscription.Settings.ExpirationTtl!.Value, subscription.LastActive);
                DeleteSubscriptionLocked(subscription);
            }
        }
    }

    /// <summary>Saves the running clock and every last activity that moved by at least <paramref name="threshold"/>. Registry lock must be held.</summary>
    private void SaveActivity(DateTimeOffset now, TimeSpan threshold)
    {
        var changes = new List<StateChange> { ActivityDocuments.PutClock(ToRunningMs(now)) };
        var saved = new List<(long Id, DateTimeOffset LastActive)>();
        foreach (var subscription in _subscriptions.Values)
        {
            var lastActive = subscription.LastActive;
            if (!_savedActivity.TryGetValue(subscription.Id, out var previous) || lastActive - previous >= threshold)
            {
                changes.Add(ActivityDocuments.PutLastActive(subscription.Id, ToRunningMs(lastActive)));
                saved.Add((subscription.Id, lastActive));
            }
        }
        _state.Apply(changes);
        foreach (var (id, lastActive) in saved)
        {
            _savedActivity[id] = lastActive;
        }
    }

    private void SweepSafely()
    {
        try
        {
            SweepExpiredSubscriptions();
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogExpirySweepFailed(_logger, exception);
        }
        try
        {
            SweepExpiredSnapshots();
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogExpirySweepFailed(_logger, exception);
        }
        SweepRetentionSafely();
    }

    /// <summary>At disposal: stops the sweeps and saves every last activity that moved, so a clean restart loses none.</summary>
    private void StopExpirySweeper()
    {
        _expiryTimer?.Dispose();
        try
        {
            lock (_registryLock)
            {
                SaveActivity(_time.GetUtcNow(), threshold: TimeSpan.FromMilliseconds(1));
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogExpirySweepFailed(_logger, exception);
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Subscription {Subscription} expired: no activity for its ttl of {Ttl} since {LastActive}; deleted")]
    private static partial void LogSubscriptionExpired(ILogger logger, string subscription, TimeSpan ttl, DateTimeOffset lastActive);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "Saving subscription activity or deleting expired subscriptions failed; retrying at the next sweep")]
    private static partial void LogExpirySweepFailed(ILogger logger, Exception exception);
}
