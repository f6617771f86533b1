using Tidings.PubSub.Errors;
using Tidings.PubSub.ExactlyOnce;
using Tidings.PubSub.Names;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub;

/// <summary>
/// Acks and deadline changes as answered calls: on a subscription with exactly-once delivery each id is checked
/// against its message's current lease and the answer waits until what succeeded is on disk (one group-committed
/// checkpoint for every caller waiting at that moment); without it they take the same path as
/// <see cref="Acknowledge"/> and <see cref="ModifyAckDeadline"/>, saved later by the background checkpointer.
/// </summary>
public sealed partial class PubSubBroker
{
    /// <summary>
    /// Unary Acknowledge. On an exactly-once subscription, fails with Google's INVALID_ARGUMENT and per-id
    /// <c>ErrorInfo</c> metadata when any id did not succeed (the others did, and are saved).
    /// </summary>
    public async ValueTask AcknowledgeAsync(string name, IReadOnlyList<string> ackIds)
    {
        var subscription = RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, name));
        subscription.MarkActive();
        if (!subscription.Settings.EnableExactlyOnceDelivery)
        {
            foreach (var ackId in ParseAckIds(ackIds))
            {
                if (ackId.SubscriptionId == subscription.Id)
                {
                    subscription.Acknowledge(ackId);
                }
            }
            return;
        }
        var confirmation = new AckConfirmation();
        var applied = ApplyExactlyOnce(subscription, ackIds, confirmation, (_, ackId) => subscription.TryAcknowledge(ackId));
        await SaveExactlyOnceAsync(subscription, applied, confirmation, acks: applied).ConfigureAwait(false);
        ThrowIfAnyFailed(confirmation);
    }

    /// <summary>Unary ModifyAckDeadline; on an exactly-once subscription, answered as <see cref="AcknowledgeAsync"/> is.</summary>
    public async ValueTask ModifyAckDeadlineAsync(string name, IReadOnlyList<string> ackIds, int seconds)
    {
        var subscription = RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, name));
        subscription.MarkActive();
        ValidateModifyDeadline(seconds);
        if (!subscription.Settings.EnableExactlyOnceDelivery)
        {
            foreach (var ackId in ParseAckIds(ackIds))
            {
                if (ackId.SubscriptionId == subscription.Id)
                {
                    subscription.ModifyAckDeadline(ackId, seconds);
                }
            }
            return;
        }
        var confirmation = new AckConfirmation();
        var applied = ApplyExactlyOnce(subscription, ackIds, confirmation, (_, ackId) => Outcome(subscription.TryModifyAckDeadline(ackId, seconds)));
        await SaveExactlyOnceAsync(subscription, applied, confirmation, acks: []).ConfigureAwait(false);
        ThrowIfAnyFailed(confirmation);
    }

    /// <summary>
    /// In-stream acks and deadline changes on an exactly-once subscription, confirmed once saved: the outcomes
    /// StreamingPull sends back as <c>acknowledge_confirmation</c> and <c>modify_ack_deadline_confirmation</c>.
    /// Requests that are wrong as a whole (mismatched lists, deadlines out of range) throw before anything is applied.
    /// </summary>
    public Task<(AckConfirmation Acks, AckConfirmation Deadlines)> ApplyStreamAcksExactlyOnceAsync(
        Subscription subscription, IReadOnlyList<string> ackIds, IReadOnlyList<int> deadlines, IReadOnlyList<string> deadlineAckIds)
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
        return ConfirmStreamAcksAsync(subscription, ackIds, deadlines, deadlineAckIds);
    }

    private async Task<(AckConfirmation Acks, AckConfirmation Deadlines)> ConfirmStreamAcksAsync(
        Subscription subscription, IReadOnlyList<string> ackIds, IReadOnlyList<int> deadlines, IReadOnlyList<string> deadlineAckIds)
    {
        var acks = new AckConfirmation();
        var appliedAcks = ApplyExactlyOnce(subscription, ackIds, acks, (_, ackId) => subscription.TryAcknowledge(ackId));
        var modacks = new AckConfirmation();
        var appliedModacks = ApplyExactlyOnce(subscription, deadlineAckIds, modacks, (i, ackId) => Outcome(subscription.TryModifyAckDeadline(ackId, deadlines[i])));
        if (appliedAcks.Count + appliedModacks.Count == 0)
        {
            return (acks, modacks);
        }
        var saved = await TrySaveAsync().ConfigureAwait(false);
        Settle(subscription, appliedAcks, acks, appliedAcks, saved);
        Settle(subscription, appliedModacks, modacks, [], saved);
        return (acks, modacks);
    }

    /// <summary>
    /// Applies <paramref name="apply"/> (given the id's index) to each id in order; ids that are malformed, of another
    /// subscription or refused go to <see cref="AckConfirmation.Invalid"/>, out-of-order acks of keyed messages to
    /// <see cref="AckConfirmation.Unordered"/>. Returns the applied ones, still to be saved.
    /// </summary>
    private static List<(string Text, AckId Id)> ApplyExactlyOnce(Subscription subscription, IReadOnlyList<string> ackIds, AckConfirmation confirmation, Func<int, AckId, ExactlyOnceAck> apply)
    {
        var applied = new List<(string, AckId)>(ackIds.Count);
        for (var i = 0; i < ackIds.Count; i++)
        {
            var text = ackIds[i];
            var outcome = AckId.TryParse(text, out var ackId) && ackId.SubscriptionId == subscription.Id ? apply(i, ackId) : ExactlyOnceAck.Invalid;
            switch (outcome)
            {
                case ExactlyOnceAck.Applied:
                    applied.Add((text, ackId));
                    break;
                case ExactlyOnceAck.Unordered:
                    confirmation.Unordered.Add(text);
                    break;
                default:
                    confirmation.Invalid.Add(text);
                    break;
            }
        }
        return applied;
    }

    private static ExactlyOnceAck Outcome(bool applied) => applied ? ExactlyOnceAck.Applied : ExactlyOnceAck.Invalid;

    private async Task SaveExactlyOnceAsync(Subscription subscription, List<(string Text, AckId Id)> applied, AckConfirmation confirmation, List<(string Text, AckId Id)> acks)
    {
        if (applied.Count > 0)
        {
            Settle(subscription, applied, confirmation, acks, await TrySaveAsync().ConfigureAwait(false));
        }
    }

    /// <summary>Waits for a checkpoint covering every change made so far; false when the store failed (logged by the checkpointer).</summary>
    private async Task<bool> TrySaveAsync()
    {
        try
        {
            await _checkpointer.FlushAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            return false;
        }
    }

    /// <summary>
    /// Records the outcome of the applied ids. Acks whose saving failed stay acked in memory (the background
    /// checkpointer saves them later) and are remembered, so the client's retry of them is accepted.
    /// </summary>
    private static void Settle(Subscription subscription, List<(string Text, AckId Id)> applied, AckConfirmation confirmation, List<(string Text, AckId Id)> acks, bool saved)
    {
        if (saved)
        {
            confirmation.Succeeded.AddRange(applied.Select(entry => entry.Text));
            if (acks.Count > 0)
            {
                subscription.ForgetUnsavedAcks(acks.Select(entry => entry.Id));
            }
            return;
        }
        confirmation.TemporarilyFailed.AddRange(applied.Select(entry => entry.Text));
        if (acks.Count > 0)
        {
            subscription.RememberUnsavedAcks(acks.Select(entry => entry.Id));
        }
    }

    private static void ThrowIfAnyFailed(AckConfirmation confirmation)
    {
        if (!confirmation.AllSucceeded)
        {
            throw PubSubErrors.ExactlyOnceAckIdFailure(confirmation.FailureMetadata());
        }
    }
}
