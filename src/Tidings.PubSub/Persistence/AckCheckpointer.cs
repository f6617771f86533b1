using Microsoft.Extensions.Logging;
using Tidings.PubSub.Subscriptions;
using Tidings.Storage.State;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// Writes every subscription's changed ack state to the state store in one batch per interval, so acks cost no
/// synchronous disk write. After a crash, acks of the last interval may be lost: those messages are delivered
/// again (at-least-once), never lost.
/// </summary>
internal sealed partial class AckCheckpointer : IDisposable
{
    private readonly IStateStore _state;
    private readonly Func<IEnumerable<Subscription>> _subscriptions;
    private readonly Lock _runLock;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Dictionary<long, long> _savedVersions = [];

    /// <param name="runLock">Held while a checkpoint runs; the broker holds it too when it deletes subscriptions.</param>
    public AckCheckpointer(IStateStore state, Func<IEnumerable<Subscription>> subscriptions, Lock runLock, TimeProvider time, TimeSpan interval, ILogger logger)
    {
        _state = state;
        _subscriptions = subscriptions;
        _runLock = runLock;
        _logger = logger;
        _timer = time.CreateTimer(static self => ((AckCheckpointer)self!).RunSafely(), this, interval, interval);
    }

    /// <summary>Marks the current state of a new or restored subscription as already saved.</summary>
    public void MarkSaved(Subscription subscription)
    {
        lock (_runLock)
        {
            _savedVersions[subscription.Id] = subscription.AckStateVersion;
        }
    }

    /// <summary>Stops tracking a deleted subscription. Caller holds the run lock.</summary>
    public void Forget(long subscriptionId) => _savedVersions.Remove(subscriptionId);

    /// <summary>Saves every changed ack state now.</summary>
    public void Checkpoint()
    {
        lock (_runLock)
        {
            var changes = new List<StateChange>();
            var versions = new List<(long Id, long Version)>();
            foreach (var subscription in _subscriptions())
            {
                var saved = _savedVersions.GetValueOrDefault(subscription.Id, -1);
                if (subscription.AckStateVersion == saved)
                {
                    continue;
                }
                var snapshot = subscription.SnapshotAckState();
                changes.Add(PubSubDocuments.PutAckState(subscription.Id, snapshot.Floor, snapshot.AckedAbove));
                versions.Add((subscription.Id, snapshot.Version));
            }
            _state.Apply(changes);
            foreach (var (id, version) in versions)
            {
                _savedVersions[id] = version;
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        RunSafely();
    }

    private void RunSafely()
    {
        try
        {
            Checkpoint();
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogCheckpointFailed(_logger, exception);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Saving ack state failed; retrying at the next interval")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
