using Tidings.PubSub.Names;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Topics;
using Tidings.Storage.Messages;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>
    /// Appends the messages to the topic's log and returns their ids in request order. Completes once the log
    /// has stored them as durably as it promises; only then are subscribers woken.
    /// </summary>
    public async ValueTask<string[]> PublishAsync(string topic, IReadOnlyList<PublishMessage> messages, long requestBytes, CancellationToken cancellationToken)
    {
        var target = RequireTopic(ResourceName.Parse(ResourceKind.Topic, topic));
        using var span = Monitoring.PubSubTracing.StartPublish(target, messages);
        PublishLimits.Validate(messages, requestBytes, Options.EnforceLimits);
        messages = ApplyTopicSchema(target, messages);
        return await AppendAsync(target, messages, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores messages in the topic's log, then wakes its subscribers: the publish path once requests are checked.</summary>
    private async ValueTask<string[]> AppendAsync(Topic target, IReadOnlyList<PublishMessage> messages, CancellationToken cancellationToken)
    {
        var publishTime = (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var stored = new StoredMessage[messages.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            var message = messages[i];
            stored[i] = new StoredMessage(message.Data, message.Attributes, message.OrderingKey, publishTime);
        }
        var first = await target.Log.AppendAsync(stored, cancellationToken).ConfigureAwait(false);
        target.NotifyAppended(first, stored);
        target.Counters.RecordAppended(stored);

        var ids = new string[stored.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = MessageIds.Format(target.Log.LogId, first + i);
        }
        return ids;
    }
}
