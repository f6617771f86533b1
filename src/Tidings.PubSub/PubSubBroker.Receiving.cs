using Tidings.PubSub.Consumers;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>The most messages one Pull or one StreamingPull response carries.</summary>
    public const int MaxMessagesPerResponse = 1000;

    /// <summary>Responses stop adding messages past this many bytes (gRPC clients accept about 20 MB).</summary>
    public const long MaxBytesPerResponse = 10 * 1024 * 1024;

    public const int MaxModifyAckDeadlineSeconds = 600;

    /// <summary>The subscription to deliver from; NOT_FOUND when missing, FAILED_PRECONDITION when detached.</summary>
    public Subscription GetSubscriptionForDelivery(string name)
    {
        var subscription = RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, name));
        if (subscription.IsDetached)
        {
            throw PubSubErrors.SubscriptionDetached();
        }
        return subscription;
    }

    /// <summary>
    /// Registers a receiver of the subscription's messages with its ack deadline and flow-control window (0 or
    /// less: unlimited) and returns the loop that delivers to it. Dispose it when the receiver goes.
    /// </summary>
    public ConsumerLoop OpenConsumer(Subscription subscription, int ackDeadlineSeconds, long maxOutstandingMessages, long maxOutstandingBytes) =>
        new(this, subscription, subscription.AddConsumer(ackDeadlineSeconds, maxOutstandingMessages, maxOutstandingBytes));

    /// <summary>The push dispatcher's receiver: unlike a subscriber's, its being there is no activity.</summary>
    internal ConsumerLoop OpenPushConsumer(Subscription subscription, int ackDeadlineSeconds) =>
        new(this, subscription, subscription.AddConsumer(ackDeadlineSeconds, 0, 0, isPush: true));

    /// <summary>
    /// Unary pull: leases up to <paramref name="maxMessages"/>; unless <paramref name="returnImmediately"/>, waits up
    /// to <see cref="PubSubOptions.PullWaitTime"/> for the first message.
    /// </summary>
    public async Task<IReadOnlyList<LeasedMessage>> PullAsync(string name, int maxMessages, bool returnImmediately, CancellationToken cancellationToken)
    {
        var subscription = GetSubscriptionForDelivery(name);
        subscription.MarkActive();
        if (maxMessages <= 0)
        {
            throw PubSubErrors.MaxMessagesTooSmall(maxMessages);
        }
        var sink = new PullSink(Math.Min(maxMessages, MaxMessagesPerResponse));
        // Registered before the first lease, so a publish landing between that lease and the wait still wakes us.
        using var consumer = OpenConsumer(subscription, subscription.Settings.AckDeadlineSeconds, 0, 0);
        consumer.Consumer.OneMessagePerOrderingKey = true;
        var until = _time.GetUtcNow() + (returnImmediately ? TimeSpan.Zero : Options.PullWaitTime);
        await consumer.RunAsync(sink, until, cancellationToken).ConfigureAwait(false);
        return sink.Messages;
    }

    /// <summary>Acknowledges messages; malformed ids fail the call, ids of other subscriptions or old deliveries are ignored.</summary>
    public void Acknowledge(string name, IReadOnlyList<string> ackIds)
    {
        var subscription = RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, name));
        subscription.MarkActive();
        var parsed = ParseAckIds(ackIds);
        foreach (var ackId in parsed)
        {
            if (ackId.SubscriptionId == subscription.Id)
            {
                subscription.Acknowledge(ackId);
            }
        }
    }

    /// <summary>Extends (or, with 0, ends) the leases the ack ids name.</summary>
    public void ModifyAckDeadline(string name, IReadOnlyList<string> ackIds, int seconds)
    {
        var subscription = RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, name));
        subscription.MarkActive();
        ValidateModifyDeadline(seconds);
        var parsed = ParseAckIds(ackIds);
        foreach (var ackId in parsed)
        {
            if (ackId.SubscriptionId == subscription.Id)
            {
                subscription.ModifyAckDeadline(ackId, seconds);
            }
        }
    }

    /// <summary>Applies in-stream acks and deadline changes (parallel lists), as StreamingPull requests carry them.</summary>
    public void ApplyStreamAcks(Subscription subscription, IReadOnlyList<string> ackIds, IReadOnlyList<int> deadlines, IReadOnlyList<string> deadlineAckIds)
    {
        if (deadlines.Count != deadlineAckIds.Count)
        {
            throw PubSubErrors.ModifyDeadlineCountMismatch(deadlines.Count, deadlineAckIds.Count);
        }
        foreach (var seconds in deadlines)
        {
            ValidateModifyDeadline(seconds);
        }
        subscription.MarkActive();
        foreach (var ackId in ParseAckIds(ackIds))
        {
            if (ackId.SubscriptionId == subscription.Id)
            {
                subscription.Acknowledge(ackId);
            }
        }
        var parsedDeadlineIds = ParseAckIds(deadlineAckIds);
        for (var i = 0; i < parsedDeadlineIds.Length; i++)
        {
            if (parsedDeadlineIds[i].SubscriptionId == subscription.Id)
            {
                subscription.ModifyAckDeadline(parsedDeadlineIds[i], deadlines[i]);
            }
        }
    }

    private static void ValidateModifyDeadline(int seconds)
    {
        if (seconds < 0)
        {
            throw PubSubErrors.AckDeadlineTooSmall(seconds);
        }
        if (seconds > MaxModifyAckDeadlineSeconds)
        {
            throw PubSubErrors.AckDeadlineTooLarge(seconds, MaxModifyAckDeadlineSeconds);
        }
    }

    private static AckId[] ParseAckIds(IReadOnlyList<string> ackIds)
    {
        var parsed = new AckId[ackIds.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            if (!AckId.TryParse(ackIds[i], out parsed[i]))
            {
                throw PubSubErrors.InvalidAckId(ackIds[i]);
            }
        }
        return parsed;
    }
}
