using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Tidings.Api.Errors;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Errors;

namespace Tidings.Api.Modules.PubSub;

/// <summary>google.pubsub.v1.Subscriber over the domain engine: resources, pull, acks (streaming in its own file).</summary>
internal sealed partial class SubscriberService(PubSubCells cells, CellListings listings, PubSubOptions options, ILogger<SubscriberService> logger) : Subscriber.SubscriberBase
{
    /// <summary>Google caps Acknowledge and ModifyAckDeadline requests at 512 KiB.</summary>
    private const int MaxAckRequestBytes = 512 * 1024;

    public override Task<Subscription> CreateSubscription(Subscription request, ServerCallContext context)
    {
        var settings = SubscriptionMapping.ToSettings(request);
        var subscription = cells.ForTopic(settings.Topic).CreateSubscription(request.Name, settings);
        return Task.FromResult(SubscriptionMapping.ToProto(subscription));
    }

    public override Task<Subscription> GetSubscription(GetSubscriptionRequest request, ServerCallContext context) =>
        Task.FromResult(SubscriptionMapping.ToProto(cells.ForSubscription(request.Subscription).GetSubscription(request.Subscription)));

    public override Task<Subscription> UpdateSubscription(UpdateSubscriptionRequest request, ServerCallContext context)
    {
        var paths = UpdateMasks.Require(request.Subscription, "subscriptions", request.UpdateMask, nameof(UpdateSubscriptionRequest));
        var subscription = cells.ForSubscription(request.Subscription.Name).UpdateSubscription(
            request.Subscription.Name,
            current => SubscriptionMapping.ApplyMask(current, request.Subscription, paths));
        return Task.FromResult(SubscriptionMapping.ToProto(subscription));
    }

    public override Task<ListSubscriptionsResponse> ListSubscriptions(ListSubscriptionsRequest request, ServerCallContext context) =>
        listings.ListSubscriptionsAsync(request, context);

    public override Task<Empty> DeleteSubscription(DeleteSubscriptionRequest request, ServerCallContext context)
    {
        cells.ForSubscription(request.Subscription).DeleteSubscription(request.Subscription);
        return Task.FromResult(new Empty());
    }

    public override Task<Empty> ModifyPushConfig(ModifyPushConfigRequest request, ServerCallContext context)
    {
        cells.ForSubscription(request.Subscription).ModifyPushConfig(request.Subscription, SubscriptionMapping.ToDomain(request.PushConfig));
        return Task.FromResult(new Empty());
    }

    public override async Task<PullResponse> Pull(PullRequest request, ServerCallContext context)
    {
#pragma warning disable CS0612, CS0618 // return_immediately is deprecated by Google but still honoured.
        var returnImmediately = request.ReturnImmediately;
#pragma warning restore CS0612, CS0618
        var broker = cells.ForSubscription(request.Subscription);
        var leased = await broker.PullAsync(request.Subscription, request.MaxMessages, returnImmediately, context.CancellationToken).ConfigureAwait(false);
        var response = new PullResponse();
        // delivery_attempt is reported only with a dead-letter policy (Google sends 0 without one).
        var reportDeliveryAttempt = leased.Count > 0 && broker.GetSubscription(request.Subscription).Settings.DeadLetterPolicy is not null;
        foreach (var message in leased)
        {
            response.ReceivedMessages.Add(MessageMapping.ToProto(message, reportDeliveryAttempt));
        }
        return response;
    }

    public override async Task<Empty> Acknowledge(AcknowledgeRequest request, ServerCallContext context)
    {
        CheckAckRequest(request.CalculateSize(), request.AckIds.Count);
        await cells.ForSubscription(request.Subscription).AcknowledgeAsync(request.Subscription, request.AckIds).ConfigureAwait(false);
        return new Empty();
    }

    public override async Task<Empty> ModifyAckDeadline(ModifyAckDeadlineRequest request, ServerCallContext context)
    {
        CheckAckRequest(request.CalculateSize(), request.AckIds.Count);
        await cells.ForSubscription(request.Subscription).ModifyAckDeadlineAsync(request.Subscription, request.AckIds, request.AckDeadlineSeconds).ConfigureAwait(false);
        return new Empty();
    }

    public override Task<Snapshot> GetSnapshot(GetSnapshotRequest request, ServerCallContext context) =>
        Task.FromResult(SnapshotMapping.ToProto(cells.ForSnapshot(request.Snapshot).GetSnapshot(request.Snapshot)));

    public override Task<ListSnapshotsResponse> ListSnapshots(ListSnapshotsRequest request, ServerCallContext context) =>
        listings.ListSnapshotsAsync(request, context);

    public override Task<Snapshot> CreateSnapshot(CreateSnapshotRequest request, ServerCallContext context) =>
        Task.FromResult(SnapshotMapping.ToProto(cells.ForSubscription(request.Subscription).CreateSnapshot(request.Name, request.Subscription, new Dictionary<string, string>(request.Labels))));

    public override Task<Snapshot> UpdateSnapshot(UpdateSnapshotRequest request, ServerCallContext context)
    {
        var paths = UpdateMasks.Require(request.Snapshot, "snapshots", request.UpdateMask, nameof(UpdateSnapshotRequest));
        var snapshot = cells.ForSnapshot(request.Snapshot.Name).UpdateSnapshot(request.Snapshot.Name, SnapshotMapping.ToUpdate(request.Snapshot, paths));
        return Task.FromResult(SnapshotMapping.ToProto(snapshot));
    }

    public override Task<Empty> DeleteSnapshot(DeleteSnapshotRequest request, ServerCallContext context)
    {
        cells.ForSnapshot(request.Snapshot).DeleteSnapshot(request.Snapshot);
        return Task.FromResult(new Empty());
    }

    public override async Task<SeekResponse> Seek(SeekRequest request, ServerCallContext context)
    {
        switch (request.TargetCase)
        {
            case SeekRequest.TargetOneofCase.Time:
                await cells.ForSubscription(request.Subscription).SeekAsync(request.Subscription, request.Time.ToDateTimeOffset()).ConfigureAwait(false);
                break;
            case SeekRequest.TargetOneofCase.Snapshot:
                await cells.ForSubscription(request.Subscription).SeekToSnapshotAsync(request.Subscription, request.Snapshot).ConfigureAwait(false);
                break;
            default:
                throw PubSubErrors.SeekTargetMissing();
        }
        return new SeekResponse();
    }

    private void CheckAckRequest(int requestBytes, int ackIdCount)
    {
        if (requestBytes > MaxAckRequestBytes && options.EnforceLimits)
        {
            throw PubSubErrors.RequestPayloadTooLarge(MaxAckRequestBytes);
        }
        if (ackIdCount == 0)
        {
            throw PubSubErrors.NoAckIds();
        }
    }
}
