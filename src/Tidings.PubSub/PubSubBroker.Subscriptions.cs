using Tidings.Kernel.Paging;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>
    /// Creates a subscription that sees every message published to the topic from now on. An empty
    /// <paramref name="name"/> gets a server-assigned one in the topic's project (gRPC only, as on Google).
    /// </summary>
    /// <param name="deadLetterTopicDeclared">The dead-letter topic, if of another cell, is declared by the bootstrap file being applied.</param>
    public Subscription CreateSubscription(string name, SubscriptionSettings settings, bool deadLetterTopicDeclared = false)
    {
        var topicName = ResourceName.Parse(ResourceKind.Topic, settings.Topic);
        var subscriptionName = name.Length == 0
            ? ResourceName.Create(ResourceKind.Subscription, topicName.Project, $"tidings-{Guid.NewGuid():N}")
            : ResourceName.Parse(ResourceKind.Subscription, name);
        SubscriptionSettingsValidator.Validate(settings);
        CheckPushEndpointAllowed(settings.PushConfig);
        using var claim = _cellLinks?.ClaimName(subscriptionName.FullName); // on other nodes' cells
        using var names = NamesLock.EnterScope(); // before the registry lock, to the end
        lock (_registryLock)
        {
            if (_subscriptions.ContainsKey(subscriptionName.FullName) || _cellLinks?.SubscriptionElsewhere(subscriptionName.FullName) == true)
            {
                throw PubSubErrors.AlreadyExists(subscriptionName.Id);
            }
            var topic = RequireTopic(topicName);
            RequireDeadLetterTopic(settings.DeadLetterPolicy, deadLetterTopicDeclared);
            var id = _lastSubscriptionId + 1;
            var start = topic.Log.NextSequence;
            var subscription = new Subscription(id, subscriptionName, topic, settings, start, _time)
            {
                DeadLetterForwarder = _deadLetterForwarder,
                StartSequence = start,
            };
            _state.Apply([
                PubSubDocuments.PutSubscription(subscription, settings, topicDeleted: false, detached: false),
                PubSubDocuments.PutAckState(id, start, [], []),
                PubSubDocuments.PutLastSubscriptionId(id),
                PutCreationActivity(subscription),
            ]);
            _lastSubscriptionId = id;
            _checkpointer.Track(subscription);
            if (settings.RetainAckedMessages)
            {
                topic.HoldEverything(); // until the next retention sweep computes the hold
            }
            topic.AddReader(subscription);
            _subscriptions[subscriptionName.FullName] = subscription;
            _push.Sync(subscription, current: true);
            return subscription;
        }
    }

    public Subscription GetSubscription(string name) => RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, name));

    /// <summary>Applies <paramref name="update"/> to the current settings atomically; the topic cannot change.</summary>
    /// <param name="deadLetterTopicDeclared">The dead-letter topic, if of another cell, is declared by the bootstrap file being applied.</param>
    public Subscription UpdateSubscription(string name, Func<SubscriptionSettings, SubscriptionSettings> update, bool deadLetterTopicDeclared = false)
    {
        var subscriptionName = ResourceName.Parse(ResourceKind.Subscription, name);
        lock (_registryLock)
        {
            var subscription = RequireSubscription(subscriptionName);
            var settings = update(subscription.Settings);
            if (settings.Topic != subscription.Settings.Topic)
            {
                throw PubSubErrors.SubscriptionFieldNotMutable("topic");
            }
            if (settings.EnableMessageOrdering != subscription.Settings.EnableMessageOrdering)
            {
                throw PubSubErrors.SubscriptionFieldNotMutable("enable_message_ordering");
            }
            if (settings.Filter != subscription.Settings.Filter)
            {
                throw PubSubErrors.SubscriptionFieldNotMutable("filter");
            }
            SubscriptionSettingsValidator.Validate(settings);
            CheckPushEndpointAllowed(settings.PushConfig);
            if (settings.DeadLetterPolicy?.DeadLetterTopic != subscription.Settings.DeadLetterPolicy?.DeadLetterTopic)
            {
                RequireDeadLetterTopic(settings.DeadLetterPolicy, deadLetterTopicDeclared);
            }
            _state.Apply([PubSubDocuments.PutSubscription(subscription, settings, subscription.Topic.IsDeleted, subscription.IsDetached)]);
            if (settings.RetainAckedMessages && !subscription.Settings.RetainAckedMessages)
            {
                subscription.Topic.HoldEverything(); // until the next retention sweep computes the hold
            }
            subscription.Settings = settings;
            subscription.MarkActive(); // an update is an operation on the subscription; a shorter ttl starts from it
            _push.Sync(subscription, current: true);
            return subscription;
        }
    }

    /// <summary>Switches between push (a config) and pull (null) without touching anything else.</summary>
    public Subscription ModifyPushConfig(string name, PushConfig? pushConfig)
    {
        if (pushConfig is not null)
        {
            SubscriptionSettingsValidator.ValidatePushEndpoint(pushConfig.PushEndpoint);
        }
        return UpdateSubscription(name, settings => settings with { PushConfig = pushConfig });
    }

    public void DeleteSubscription(string name)
    {
        var subscriptionName = ResourceName.Parse(ResourceKind.Subscription, name);
        lock (_registryLock)
        {
            DeleteSubscriptionLocked(RequireSubscription(subscriptionName));
        }
    }

    /// <summary>
    /// Deletes a current subscription: its documents, then its consumers, dispatcher, backlog and streams (which end
    /// as for a deleted subscription). DeleteSubscription and the expiration policy both come here. Registry lock must be held.
    /// </summary>
    private void DeleteSubscriptionLocked(Subscription subscription)
    {
        _checkpointer.Untrack(subscription.Id, () =>
            _state.Apply([PubSubDocuments.DeleteSubscription(subscription), PubSubDocuments.DeletePolicy(subscription.Name), .. PubSubDocuments.DeleteSubscriptionState(subscription.Id)]));
        _subscriptions.TryRemove(subscription.Name.FullName, out _);
        ForgetPolicy(subscription.Name);
        _savedActivity.Remove(subscription.Id);
        _push.Sync(subscription, current: false);
        var topic = subscription.Topic;
        topic.RemoveReader(subscription);
        subscription.DropBacklog();
        subscription.Dispose();
        if (topic.IsDeleted && topic.Readers.Count == 0)
        {
            _messages.DeleteLog(topic.Log.LogId);
        }
        else
        {
            topic.TruncateUnneeded();
        }
    }

    /// <summary>Detaches the subscription from its topic: its backlog is dropped and pulls fail from now on.</summary>
    public void DetachSubscription(string name)
    {
        var subscriptionName = ResourceName.Parse(ResourceKind.Subscription, name);
        lock (_registryLock)
        {
            // Looked up under the lock: one found before it may have been deleted since, and would be written back.
            var subscription = RequireSubscription(subscriptionName);
            if (subscription.IsDetached)
            {
                return;
            }
            _state.Apply([PubSubDocuments.PutSubscription(subscription, subscription.Settings, subscription.Topic.IsDeleted, detached: true)]);
            subscription.IsDetached = true;
            _push.Sync(subscription, current: false);
            subscription.DropBacklog();
            // A detached subscription reads nothing more, so it must not hold the log back or keep it alive.
            var topic = subscription.Topic;
            topic.RemoveReader(subscription);
            if (topic.IsDeleted && topic.Readers.Count == 0)
            {
                _messages.DeleteLog(topic.Log.LogId);
            }
            else
            {
                topic.TruncateUnneeded();
            }
        }
    }

    public Page<Subscription> ListSubscriptions(string project, int pageSize, string pageToken)
    {
        var projectId = ResourceName.ParseProject(project);
        var prefix = $"projects/{projectId}/subscriptions/";
        var subscriptions = _subscriptions.Values.Where(s => s.Name.FullName.StartsWith(prefix, StringComparison.Ordinal));
        return PubSubPaging.Of(subscriptions, subscription => subscription.Name.FullName, pageSize, pageToken);
    }

    /// <summary>Operators may restrict which hosts the server calls; endpoints outside the list are refused.</summary>
    private void CheckPushEndpointAllowed(PushConfig? config)
    {
        if (config is not null && !Options.PushEndpointAllowList.Allows(new Uri(config.PushEndpoint)))
        {
            throw PubSubErrors.PushEndpointNotAllowed(config.PushEndpoint);
        }
    }
}
