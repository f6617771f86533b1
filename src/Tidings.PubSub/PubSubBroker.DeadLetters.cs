using Tidings.PubSub.Names;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Resources;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>A dead-letter policy may only name a topic that exists (NOT_FOUND otherwise). Registry lock must be held.</summary>
    private void RequireDeadLetterTopic(DeadLetterPolicy? policy)
    {
        if (policy is not null)
        {
            RequireTopic(ResourceName.Parse(ResourceKind.Topic, policy.DeadLetterTopic));
        }
    }

    /// <summary>
    /// Publishes forwarded messages to a dead-letter topic: the ordinary durable append, without the request limits
    /// (the added source attributes may take a message past them, and no client sent this request). NOT_FOUND when
    /// the topic is gone.
    /// </summary>
    internal async ValueTask PublishDeadLettersAsync(string topic, IReadOnlyList<PublishMessage> messages) =>
        await AppendAsync(RequireTopic(ResourceName.Parse(ResourceKind.Topic, topic)), messages, CancellationToken.None).ConfigureAwait(false);
}
