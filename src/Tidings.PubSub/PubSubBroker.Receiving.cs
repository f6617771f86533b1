using Tidings.PubSub.Delivery;
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
    /// Unary pull: leases up to <paramref name="maxMessages"/>; unless <paramref name="returnImmediately"/>, waits up
    /// to <see cref="PubSubOptions.PullWaitTime"/> for the first message.
    /// </summary>
    public async Task<IReadOnlyList<LeasedMessage>> PullAsync(string name, int maxMessages, bool returnImmediately, CancellationToken cancellationToken)
    {
        var subscription = GetSubscriptionForDelivery(name);
        if (maxMessages <= 0)
        {
            throw PubSubErrors.MaxMessagesTooSmall(maxMessages);
        }
        var count = Math.Min(maxMessages, MaxMessagesPerResponse);
        var leased = new List<LeasedMessage>();
        // Registered before the first lease, so a publish landing between that lease and the wait still wakes us.
        var consumer = subscription.AddConsumer(subscription.Settings.AckDeadlineSeconds, 0, 0);
        try
        {
            if (subscription.Lease(consumer, count, MaxBytesPerResponse, leased) > 0 || returnImmediately)
            {
                return leased;
            }
            var deadline = _time.GetUtcNow() + Options.PullWaitTime;
            while (true)
            {
                var left = deadline - _time.GetUtcNow();
                if (left <= TimeSpan.Zero || !await consumer.WaitAsync(left, _time, cancellationToken).ConfigureAwait(false))
                {
                    return leased;
                }
                if (!IsCurrent(subscription))
                {
                    return leased;
                }
                if (subscription.Lease(consumer, count, MaxBytesPerResponse, leased) > 0)
                {
                    return leased;
                }
            }
        }
        finally
        {
            subscription.RemoveConsumer(consumer);
        }
    }

    /// <summary>Acknowledges messages; malformed ids fail the call, ids of other subscriptions or old deliveries are ignored.</summary>
    public void Acknowledge(string name, IReadOnlyList<string> ackIds)
    {
        var subscription = RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, name));
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
