using Tidings.PubSub.Names;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Resources;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>
    /// A dead-letter policy may only name a topic that exists (NOT_FOUND otherwise). Registry lock must be held.
    /// <paramref name="otherCellDeclared"/>: a topic of another cell is taken as existing (the bootstrap file
    /// declares it, and its cell, which applies it, may open later).
    /// </summary>
    private void RequireDeadLetterTopic(DeadLetterPolicy? policy, bool otherCellDeclared = false)
    {
        if (policy is not null)
        {
            var topic = ResourceName.Parse(ResourceKind.Topic, policy.DeadLetterTopic);
            if (_cellLinks is { } links && !links.IsOwn(topic.FullName))
            {
                if (!otherCellDeclared)
                {
                    links.RequireTopic(topic);
                }
                return;
            }
            RequireTopic(topic);
        }
    }

    /// <summary>
    /// Publishes forwarded messages to a dead-letter topic: the ordinary durable append, without the request limits
    /// (the added source attributes may take a message past them, and no client sent this request). NOT_FOUND when
    /// the topic is gone. With cells, a topic of another cell is published to through its engine.
    /// </summary>
    internal async ValueTask PublishDeadLettersAsync(string topic, IReadOnlyList<PublishMessage> messages)
    {
        var name = ResourceName.Parse(ResourceKind.Topic, topic);
        if (_cellLinks is { } links && !links.IsOwn(name.FullName))
        {
            await links.PublishDeadLettersAsync(name.FullName, messages).ConfigureAwait(false);
            return;
        }
        await AppendAsync(RequireTopic(name), messages, CancellationToken.None).ConfigureAwait(false);
    }
}
