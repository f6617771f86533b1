using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.Api.Errors;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.PubSub;
using Tidings.PubSub.Cells;

namespace Tidings.Api.Modules.PubSub;

/// <summary>google.pubsub.v1.Publisher over the domain engine.</summary>
internal sealed class PublisherService(PubSubCells cells, CellListings listings, PubSubOptions options) : Publisher.PublisherBase
{
    public override Task<Topic> CreateTopic(Topic request, ServerCallContext context) =>
        Task.FromResult(TopicMapping.ToProto(cells.ForTopic(request.Name).CreateTopic(request.Name, TopicMapping.ToSettings(request))));

    public override Task<Topic> GetTopic(GetTopicRequest request, ServerCallContext context) =>
        Task.FromResult(TopicMapping.ToProto(cells.ForTopic(request.Topic).GetTopic(request.Topic)));

    public override Task<Topic> UpdateTopic(UpdateTopicRequest request, ServerCallContext context)
    {
        var paths = UpdateMasks.Require(request.Topic, "topics", request.UpdateMask, nameof(UpdateTopicRequest));
        var topic = cells.ForTopic(request.Topic.Name).UpdateTopic(request.Topic.Name, current => TopicMapping.ApplyMask(current, request.Topic, paths));
        return Task.FromResult(TopicMapping.ToProto(topic));
    }

    public override async Task<PublishResponse> Publish(PublishRequest request, ServerCallContext context)
    {
        var size = options.EnforceLimits ? request.CalculateSize() : 0;
        var ids = await cells.ForTopic(request.Topic).PublishAsync(request.Topic, MessageMapping.ToDomain(request), size, context.CancellationToken).ConfigureAwait(false);
        var response = new PublishResponse();
        response.MessageIds.Add(ids);
        return response;
    }

    public override Task<ListTopicsResponse> ListTopics(ListTopicsRequest request, ServerCallContext context) =>
        listings.ListTopicsAsync(request, context);

    public override Task<ListTopicSubscriptionsResponse> ListTopicSubscriptions(ListTopicSubscriptionsRequest request, ServerCallContext context)
    {
        var page = cells.ForTopic(request.Topic).ListTopicSubscriptions(request.Topic, request.PageSize, request.PageToken);
        var response = new ListTopicSubscriptionsResponse { NextPageToken = page.NextPageToken };
        response.Subscriptions.Add(page.Items);
        return Task.FromResult(response);
    }

    public override Task<ListTopicSnapshotsResponse> ListTopicSnapshots(ListTopicSnapshotsRequest request, ServerCallContext context)
    {
        var page = cells.ForTopic(request.Topic).ListTopicSnapshots(request.Topic, request.PageSize, request.PageToken);
        var response = new ListTopicSnapshotsResponse { NextPageToken = page.NextPageToken };
        response.Snapshots.Add(page.Items);
        return Task.FromResult(response);
    }

    public override Task<Empty> DeleteTopic(DeleteTopicRequest request, ServerCallContext context)
    {
        cells.ForTopic(request.Topic).DeleteTopic(request.Topic);
        return Task.FromResult(new Empty());
    }

    public override Task<DetachSubscriptionResponse> DetachSubscription(DetachSubscriptionRequest request, ServerCallContext context)
    {
        cells.ForSubscription(request.Subscription).DetachSubscription(request.Subscription);
        return Task.FromResult(new DetachSubscriptionResponse());
    }
}
