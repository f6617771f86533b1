using Tidings.PubSub.Names;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>
    /// Rebuilds topics and subscriptions from the state store over the recovered logs. Every message a
    /// subscription had not acked (as of its last checkpoint) is delivered again. Logs no resource refers to
    /// (left by a crash between creating a log and saving its topic) are deleted. Returns the ids of ack states
    /// without subscription: their subscription's deletion raced a checkpoint and the process stopped before the
    /// checkpointer deleted them again; it deletes them (and any lease deadlines of theirs) at its first run. On an
    /// exactly-once subscription, messages whose saved lease had not expired are held back until its deadline. Last
    /// activities without subscription are handed back the same way.
    /// </summary>
    private IReadOnlyCollection<long> Recover()
    {
        RecoverSchemas();
        var topicsByLog = new Dictionary<long, Topic>();
        foreach (var document in _state.LoadAll(PubSubDocuments.TopicKind))
        {
            var stored = PubSubDocuments.ReadTopic(document);
            var log = _messages.FindLog(stored.LogId)
                ?? throw new InvalidDataException($"Topic {document.Key} refers to message log {stored.LogId}, which is missing from the data directory.");
            var topic = new Topic(ResourceName.Parse(ResourceKind.Topic, document.Key), stored.Settings, log);
            _topics[document.Key] = topic;
            topicsByLog[stored.LogId] = topic;
        }
        if (SchemasShared)
        {
            UnbindMissingSchemas(); // deleted while this cell ran nowhere, its topics' rebinding left to it
        }

        var ackStates = _state.LoadAll(PubSubDocuments.AckKind)
            .Select(PubSubDocuments.ReadAckState)
            .ToDictionary(state => state.SubscriptionId);
        var leaseStates = _state.LoadAll(PubSubDocuments.LeaseKind)
            .Select(PubSubDocuments.ReadLeaseState)
            .ToDictionary(state => state.SubscriptionId, state => state.Leases);
        var lastActive = LoadActivity();
        foreach (var document in _state.LoadAll(PubSubDocuments.SubscriptionKind))
        {
            var stored = PubSubDocuments.ReadSubscription(document);
            var topic = topicsByLog.GetValueOrDefault(stored.LogId) ?? RecoverDeletedTopic(stored, topicsByLog);
            var subscription = new Subscription(stored.Id, ResourceName.Parse(ResourceKind.Subscription, document.Key), topic, stored.Settings, topic.Log.NextSequence, _time)
            {
                IsDetached = stored.Detached,
                DeadLetterForwarder = _deadLetterForwarder,
                StartSequence = stored.StartSequence,
            };
            if (ackStates.Remove(stored.Id, out var ackState))
            {
                subscription.RestoreAckState(ackState.Floor, ackState.AckedAbove, ackState.FailedAttempts);
            }
            if (leaseStates.Remove(stored.Id, out var leases) && stored.Settings.EnableExactlyOnceDelivery && !stored.Detached)
            {
                subscription.RestoreLeaseDeadlines(leases);
            }
            RestoreActivity(subscription, lastActive);
            if (!stored.Detached)
            {
                topic.AddReader(subscription);
                if (stored.Settings.RetainAckedMessages)
                {
                    topic.HoldEverything(); // until the first retention sweep, at the end of start-up
                }
            }
            _subscriptions[document.Key] = subscription;
            _lastSubscriptionId = Math.Max(_lastSubscriptionId, stored.Id);
        }
        foreach (var document in _state.LoadAll(PubSubDocuments.MetaKind))
        {
            if (document.Key == PubSubDocuments.LastSubscriptionIdKey)
            {
                _lastSubscriptionId = Math.Max(_lastSubscriptionId, PubSubDocuments.ReadLastSubscriptionId(document));
            }
        }

        RecoverSnapshots(topicsByLog);
        RecoverPolicies(); // after the snapshots: a snapshot's policy is kept only if it exists

        foreach (var logId in _messages.ListLogIds())
        {
            if (!topicsByLog.TryGetValue(logId, out var owner) || (owner.IsDeleted && owner.Readers.Count == 0))
            {
                _messages.DeleteLog(logId);
            }
        }
        return [.. ackStates.Keys.Union(leaseStates.Keys).Union(lastActive.Keys)];
    }

    /// <summary>The holder of a deleted topic's log, which its subscriptions still read (or, detached, report against).</summary>
    private Topic RecoverDeletedTopic(SubscriptionDocument stored, Dictionary<long, Topic> topicsByLog)
    {
        var log = _messages.FindLog(stored.LogId);
        if (log is null && !stored.Detached)
        {
            throw new InvalidDataException($"Subscription {stored.Id} refers to message log {stored.LogId}, which is missing from the data directory.");
        }
        var topic = new Topic(ResourceName.Parse(ResourceKind.Topic, stored.Settings.Topic), new TopicSettings(), log ?? new EmptyMessageLog(stored.LogId))
        {
            IsDeleted = true,
        };
        topicsByLog[stored.LogId] = topic;
        return topic;
    }

    /// <summary>
    /// Restores every snapshot, holding its topic's log from its floor on. A snapshot whose log is gone keeps its
    /// record until it expires (it reports <c>_deleted-topic_</c>; no subscription can seek to it).
    /// </summary>
    private void RecoverSnapshots(Dictionary<long, Topic> topicsByLog)
    {
        foreach (var document in _state.LoadAll(SnapshotDocuments.SnapshotKind))
        {
            var (stored, floor, ackedAbove) = SnapshotDocuments.Read(document);
            var topic = topicsByLog.GetValueOrDefault(stored.LogId);
            var snapshot = new Snapshots.SubscriptionSnapshot(
                ResourceName.Parse(ResourceKind.Snapshot, document.Key), topic, stored.Topic, stored.LogId, floor, ackedAbove,
                SnapshotDocuments.FromMicros(stored.ExpireTimeMicros), SnapshotDocuments.FromMicros(stored.MaxExpireTimeMicros),
                stored.Labels ?? new Dictionary<string, string>());
            topic?.UnderTruncationLock(() => topic.AddSnapshotHold(snapshot));
            _snapshots[document.Key] = snapshot;
        }
    }
}
