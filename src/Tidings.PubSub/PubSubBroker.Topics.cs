using Tidings.Kernel.Paging;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Topics;
using Tidings.Storage.State;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    public Topic CreateTopic(string name, TopicSettings settings)
    {
        var topicName = ResourceName.Parse(ResourceKind.Topic, name);
        ValidateTopicSettings(settings);
        lock (_registryLock)
        {
            ValidateSchemaSettings(settings.SchemaSettings, current: null);
            if (_topics.ContainsKey(topicName.FullName))
            {
                throw PubSubErrors.AlreadyExists(topicName.Id);
            }
            var topic = new Topic(topicName, settings, _messages.CreateLog());
            try
            {
                _state.Apply([PubSubDocuments.PutTopic(topic)]);
            }
            catch
            {
                _messages.DeleteLog(topic.Log.LogId);
                throw;
            }
            _topics[topicName.FullName] = topic;
            return topic;
        }
    }

    /// <summary>
    /// The topic. With cells, a schema it is bound to is read again from the store first, so a deletion through another
    /// node shows as <c>_deleted-schema_</c> at once rather than when its notification arrives.
    /// </summary>
    public Topic GetTopic(string name)
    {
        var topic = RequireTopic(ResourceName.Parse(ResourceKind.Topic, name));
        if (SchemasShared && topic.Settings.SchemaSettings?.Schema is { } schema && schema != TopicSchemaSettings.DeletedSchema)
        {
            RefreshSchema(schema);
            lock (SchemaLock)
            {
                UnbindSchemaIfGone(schema);
            }
        }
        return topic;
    }

    /// <summary>Applies <paramref name="update"/> to the current settings atomically.</summary>
    public Topic UpdateTopic(string name, Func<TopicSettings, TopicSettings> update)
    {
        var topicName = ResourceName.Parse(ResourceKind.Topic, name);
        lock (_registryLock)
        {
            var topic = RequireTopic(topicName);
            var settings = update(topic.Settings);
            ValidateTopicSettings(settings);
            ValidateSchemaSettings(settings.SchemaSettings, topic.Settings.SchemaSettings);
            _state.Apply([PubSubDocuments.PutTopic(topic, settings)]);
            if (settings.MessageRetentionDuration is not null && topic.Settings.MessageRetentionDuration is null)
            {
                topic.HoldEverything(); // until the next retention sweep computes the hold
            }
            topic.Settings = settings;
            return topic;
        }
    }

    /// <summary>Deletes the topic; its subscriptions stay, reporting <c>_deleted-topic_</c>, and keep their backlog.</summary>
    public void DeleteTopic(string name)
    {
        var topicName = ResourceName.Parse(ResourceKind.Topic, name);
        lock (_registryLock)
        {
            var topic = RequireTopic(topicName);
            var changes = new List<StateChange> { PubSubDocuments.DeleteTopic(topic), PubSubDocuments.DeletePolicy(topicName) };
            foreach (var reader in topic.Readers)
            {
                changes.Add(PubSubDocuments.PutSubscription(reader, reader.Settings, topicDeleted: true, reader.IsDetached));
            }
            _state.Apply(changes);
            _topics.TryRemove(topicName.FullName, out _);
            ForgetPolicy(topicName);
            topic.IsDeleted = true;
            if (topic.Readers.Count == 0)
            {
                _messages.DeleteLog(topic.Log.LogId);
            }
        }
    }

    /// <summary>Topics of a project in name order, after <paramref name="pageToken"/>.</summary>
    public Page<Topic> ListTopics(string project, int pageSize, string pageToken)
    {
        var projectId = ResourceName.ParseProject(project);
        var prefix = $"projects/{projectId}/topics/";
        var topics = _topics.Values.Where(topic => topic.Name.FullName.StartsWith(prefix, StringComparison.Ordinal));
        return PubSubPaging.Of(topics, topic => topic.Name.FullName, pageSize, pageToken);
    }

    /// <summary>Names of the subscriptions attached to the topic.</summary>
    public Page<string> ListTopicSubscriptions(string name, int pageSize, string pageToken)
    {
        var topic = RequireTopic(ResourceName.Parse(ResourceKind.Topic, name));
        var names = topic.Readers.Where(subscription => !subscription.IsDetached).Select(subscription => subscription.Name.FullName);
        return PubSubPaging.Of(names, subscriptionName => subscriptionName, pageSize, pageToken);
    }

    private static void ValidateTopicSettings(TopicSettings settings)
    {
        if (settings.MessageRetentionDuration is { } retention
            && (retention < SubscriptionSettings.MinMessageRetention || retention > SubscriptionSettings.MaxMessageRetention))
        {
            throw PubSubErrors.RetentionOutOfRange(retention);
        }
    }
}
