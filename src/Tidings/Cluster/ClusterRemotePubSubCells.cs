using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Tidings.Api.Modules.PubSub;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Cells;

namespace Tidings.Cluster;

/// <summary>
/// A listing's parts held by Pub/Sub cells on other nodes: the cells this node does not run are grouped by their
/// owners, and each owner is asked the same request for its cells at once (marked forwarded, with
/// <see cref="IRemotePubSubCells.CellsHeader"/>). A cell without a known owner, after the wait a forwarded request
/// would have, makes the listing UNAVAILABLE, which clients retry; so does an owner that does not answer.
/// </summary>
internal sealed class ClusterRemotePubSubCells(PubSubCells cells, ClusterState state, ClusterNode node, NodeChannels channels) : IRemotePubSubCells
{
    public IReadOnlyList<int> Elsewhere => [.. cells.Map.All.Where(cell => cells.Find(cell) is null)];

    public Task<IReadOnlyList<ListTopicsResponse>> ListTopicsAsync(ListTopicsRequest request, IReadOnlyList<int> asked, CancellationToken cancellationToken) =>
        AskAsync(asked, (channel, headers) => new Publisher.PublisherClient(channel).ListTopicsAsync(request, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    public Task<IReadOnlyList<ListSubscriptionsResponse>> ListSubscriptionsAsync(ListSubscriptionsRequest request, IReadOnlyList<int> asked, CancellationToken cancellationToken) =>
        AskAsync(asked, (channel, headers) => new Subscriber.SubscriberClient(channel).ListSubscriptionsAsync(request, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    public Task<IReadOnlyList<ListSnapshotsResponse>> ListSnapshotsAsync(ListSnapshotsRequest request, IReadOnlyList<int> asked, CancellationToken cancellationToken) =>
        AskAsync(asked, (channel, headers) => new Subscriber.SubscriberClient(channel).ListSnapshotsAsync(request, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    private async Task<IReadOnlyList<T>> AskAsync<T>(IReadOnlyList<int> asked, Func<GrpcChannel, Metadata, Task<T>> call, CancellationToken cancellationToken)
    {
        var byOwner = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var cell in asked)
        {
            var unit = ClusterUnit.PubSubCell(cell);
            var owner = await UnitForwarding.OwnerAsync(state, node, unit, cancellationToken).ConfigureAwait(false);
            // A cell that opened here meanwhile is asked of this node like the others.
            var url = state.RoleOf(unit) == UnitRole.Owning ? node.AdvertiseUrl : owner?.Url
                ?? throw new TidingsException(ErrorCode.Unavailable, ClusterUnavailable.NoOwnerMessage);
            if (!byOwner.TryGetValue(url, out var owned))
            {
                byOwner[url] = owned = [];
            }
            owned.Add(cell);
        }
        try
        {
            return await Task.WhenAll(byOwner.Select(pair => call(channels.For(pair.Key), new Metadata
            {
                { UnitForwarding.ForwardedHeader, node.NodeId },
                { IRemotePubSubCells.CellsHeader, string.Join(',', pair.Value) },
            }))).ConfigureAwait(false);
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown
            && !cancellationToken.IsCancellationRequested)
        {
            throw new TidingsException(ErrorCode.Unavailable, ClusterUnavailable.NoOwnerMessage);
        }
    }
}
