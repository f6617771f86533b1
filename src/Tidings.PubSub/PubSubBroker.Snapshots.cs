using Tidings.Kernel.Paging;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Snapshots;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub;

/// <summary>
/// Snapshots (docs/seek-and-snapshots.md): a copy of a subscription's ack state that holds its topic's log until it
/// expires (7 days at most, counted from the oldest unacked message it holds) or is deleted, and that a subscription
/// of the same topic can seek to. Created, updated and deleted under the registry lock; the copy and the hold are
/// made under the topic's truncation lock, so no truncation passes the snapshot's floor.
/// </summary>
public sealed partial class PubSubBroker
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SubscriptionSnapshot> _snapshots = new(StringComparer.Ordinal);

    /// <summary>
    /// Snapshots the subscription's ack state. An empty <paramref name="name"/> gets a server-assigned one in the
    /// subscription's project (gRPC only, as on Google).
    /// </summary>
    public SubscriptionSnapshot CreateSnapshot(string name, string subscription, IReadOnlyDictionary<string, string> labels)
    {
        var subscriptionName = ResourceName.Parse(ResourceKind.Subscription, subscription);
        var snapshotName = name.Length == 0
            ? ResourceName.Create(ResourceKind.Snapshot, subscriptionName.Project, $"tidings-{Guid.NewGuid():N}")
            : ResourceName.Parse(ResourceKind.Snapshot, name);
        using var claim = _cellLinks?.ClaimName(snapshotName.FullName); // on other nodes' cells
        using var names = NamesLock.EnterScope(); // before the registry lock, to the end
        lock (_registryLock)
        {
            if (FindLiveSnapshot(snapshotName) is not null || _cellLinks?.SnapshotElsewhere(snapshotName.FullName) == true)
            {
                throw PubSubErrors.AlreadyExists(snapshotName.Id);
            }
            var source = RequireSubscription(subscriptionName);
            if (source.IsDetached)
            {
                throw PubSubErrors.SubscriptionDetached();
            }
            RemoveExpiredNamesake(snapshotName); // before the new record is written under the same key
            var topic = source.Topic;
            var now = _time.GetUtcNow();
            SubscriptionSnapshot snapshot = null!;
            topic.UnderTruncationLock(() =>
            {
                var state = source.SnapshotAckState();
                // Held at once; its expiry is set below, after reading the oldest message (which may go to disk).
                snapshot = new SubscriptionSnapshot(snapshotName, topic, topic.Name.FullName, topic.Log.LogId, state.Floor, state.AckedAbove, now, now, labels);
                topic.AddSnapshotHold(snapshot);
            });
            try
            {
                var expireTime = (OldestUnackedPublishTime(topic.Log, snapshot) ?? now) + SubscriptionSnapshot.MaxLifetime;
                if (expireTime - now < SubscriptionSnapshot.MinLifetimeAtCreation)
                {
                    throw PubSubErrors.SnapshotWouldExpireSoon(expireTime);
                }
                snapshot.ExpireTime = expireTime;
                snapshot.MaxExpireTime = expireTime;
                _state.Apply([SnapshotDocuments.Put(snapshot)]);
            }
            catch
            {
                topic.RemoveSnapshotHold(snapshot);
                throw;
            }
            _snapshots[snapshotName.FullName] = snapshot;
            return snapshot;
        }
    }

    /// <summary>The publish time of the oldest message the snapshot leaves unacked; null when it leaves none. Reads the log.</summary>
    private static DateTimeOffset? OldestUnackedPublishTime(Storage.Messages.IMessageLog log, SubscriptionSnapshot snapshot)
    {
        var acked = new HashSet<long>(snapshot.AckedAbove);
        var end = log.NextSequence;
        for (var sequence = snapshot.Floor; sequence < end; sequence++)
        {
            if (!acked.Contains(sequence) && log.TryRead(sequence, out var message))
            {
                return SnapshotDocuments.FromMicros(message.PublishTimeUnixMicros);
            }
        }
        return null;
    }

    public SubscriptionSnapshot GetSnapshot(string name)
    {
        var snapshotName = ResourceName.Parse(ResourceKind.Snapshot, name);
        return FindLiveSnapshot(snapshotName) ?? throw PubSubErrors.NotFound(snapshotName.Id);
    }

    /// <summary>Snapshots of a project in name order, after <paramref name="pageToken"/>.</summary>
    public Page<SubscriptionSnapshot> ListSnapshots(string project, int pageSize, string pageToken)
    {
        var prefix = $"projects/{ResourceName.ParseProject(project)}/snapshots/";
        var now = _time.GetUtcNow();
        var snapshots = _snapshots.Values.Where(s => s.ExpireTime > now && s.Name.FullName.StartsWith(prefix, StringComparison.Ordinal));
        return PubSubPaging.Of(snapshots, snapshot => snapshot.Name.FullName, pageSize, pageToken);
    }

    /// <summary>Names of the live snapshots of the topic (not of an earlier topic under the same name).</summary>
    public Page<string> ListTopicSnapshots(string topic, int pageSize, string pageToken)
    {
        var target = RequireTopic(ResourceName.Parse(ResourceKind.Topic, topic));
        var now = _time.GetUtcNow();
        var names = target.Snapshots.Where(s => s.ExpireTime > now && _snapshots.TryGetValue(s.Name.FullName, out var current) && current == s)
            .Select(s => s.Name.FullName);
        return PubSubPaging.Of(names, snapshotName => snapshotName, pageSize, pageToken);
    }

    /// <summary>Changes the labels and the expire time (in the future, within the snapshot's 7 days).</summary>
    public SubscriptionSnapshot UpdateSnapshot(string name, SnapshotUpdate update)
    {
        var snapshotName = ResourceName.Parse(ResourceKind.Snapshot, name);
        lock (_registryLock)
        {
            var snapshot = FindLiveSnapshot(snapshotName) ?? throw PubSubErrors.NotFound(snapshotName.Id);
            var expireTime = update.ExpireTime ?? snapshot.ExpireTime;
            if (update.ExpireTime is { } requested && (requested <= _time.GetUtcNow() || requested > snapshot.MaxExpireTime))
            {
                throw PubSubErrors.InvalidSnapshotExpireTime(snapshot.MaxExpireTime);
            }
            var updated = new SubscriptionSnapshot(snapshot.Name, snapshot.Topic, snapshot.TopicName, snapshot.LogId, snapshot.Floor, snapshot.AckedAbove, expireTime, snapshot.MaxExpireTime, update.Labels ?? snapshot.Labels);
            _state.Apply([SnapshotDocuments.Put(updated)]);
            snapshot.ExpireTime = updated.ExpireTime;
            snapshot.Labels = updated.Labels;
            return snapshot;
        }
    }

    public void DeleteSnapshot(string name)
    {
        var snapshotName = ResourceName.Parse(ResourceKind.Snapshot, name);
        lock (_registryLock)
        {
            var snapshot = FindLiveSnapshot(snapshotName) ?? throw PubSubErrors.NotFound(snapshotName.Id);
            DeleteSnapshotLocked(snapshot);
        }
    }

    /// <summary>
    /// Seek to a snapshot: the subscription's ack state becomes the snapshot's. The snapshot must be of the
    /// subscription's topic log (FAILED_PRECONDITION otherwise, also for a topic re-created under the same name).
    /// </summary>
    public async Task SeekToSnapshotAsync(string subscription, string snapshot)
    {
        var target = RequireSeekable(subscription);
        var snapshotName = ResourceName.Parse(ResourceKind.Snapshot, snapshot);
        var source = FindLiveSnapshot(snapshotName);
        if (source is null && _cellLinks?.SnapshotElsewhere(snapshotName.FullName) == true)
        {
            // Held by another cell: of another topic, since a topic's snapshots live in its cell.
            throw PubSubErrors.SnapshotTopicMismatch(snapshotName.FullName, target.Name.FullName);
        }
        if (source is null)
        {
            throw PubSubErrors.NotFound(snapshotName.Id);
        }
        if (source.LogId != target.Topic.Log.LogId)
        {
            throw PubSubErrors.SnapshotTopicMismatch(snapshotName.FullName, target.Name.FullName);
        }
        var topic = target.Topic;
        var held = false;
        topic.UnderTruncationLock(() =>
        {
            // Checked under the lock: a snapshot deleted meanwhile no longer holds the log, so its messages may be gone.
            held = topic.Snapshots.Contains(source);
            if (held)
            {
                target.SeekToState(source.Floor, source.AckedAbove);
            }
        });
        if (!held)
        {
            throw PubSubErrors.NotFound(snapshotName.Id);
        }
        target.MarkActive();
        await _checkpointer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Deletes every snapshot past its expire time. Runs with the expiry sweep; callable from tests.</summary>
    internal void SweepExpiredSnapshots()
    {
        lock (_registryLock)
        {
            var now = _time.GetUtcNow();
            foreach (var snapshot in _snapshots.Values)
            {
                if (snapshot.ExpireTime <= now)
                {
                    DeleteSnapshotLocked(snapshot);
                }
            }
        }
    }

    /// <summary>The snapshot under that name unless it has expired (the sweep deletes it within an interval).</summary>
    private SubscriptionSnapshot? FindLiveSnapshot(ResourceName name) =>
        _snapshots.TryGetValue(name.FullName, out var snapshot) && snapshot.ExpireTime > _time.GetUtcNow() ? snapshot : null;

    /// <summary>A new snapshot takes the name of an expired one the sweep has not deleted yet: that one goes first. Registry lock must be held.</summary>
    private void RemoveExpiredNamesake(ResourceName name)
    {
        if (_snapshots.TryGetValue(name.FullName, out var expired))
        {
            DeleteSnapshotLocked(expired); // its record and policy too: the new snapshot inherits nothing
        }
    }

    /// <summary>Deletes the record and its IAM policy, then stops holding the log. Registry lock must be held.</summary>
    private void DeleteSnapshotLocked(SubscriptionSnapshot snapshot)
    {
        _state.Apply([SnapshotDocuments.Delete(snapshot), PubSubDocuments.DeletePolicy(snapshot.Name)]);
        ForgetPolicy(snapshot.Name);
        _snapshots.TryRemove(snapshot.Name.FullName, out _);
        snapshot.Topic?.RemoveSnapshotHold(snapshot);
    }
}
