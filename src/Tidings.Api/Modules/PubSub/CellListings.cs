using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Kernel.Paging;
using Tidings.PubSub.Cells;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// Project listings over cells: this node's cells are listed in process, the others' are asked of their nodes
/// (<see cref="IRemotePubSubCells"/>), and the pages are merged in name order. Each part is a page of the same size
/// after the same token, so the first <c>size</c> names of their union are the listing's page; more follow when the
/// union had more, or when a part said it has more.
/// </summary>
internal sealed class CellListings(PubSubCells cells, IRemotePubSubCells remote)
{
    public async Task<ListTopicsResponse> ListTopicsAsync(ListTopicsRequest request, ServerCallContext context)
    {
        var (mine, elsewhere) = Split(context);
        var local = cells.ListTopics(request.Project, request.PageSize, request.PageToken, mine);
        var parts = elsewhere.Count == 0 ? [] : await remote.ListTopicsAsync(request, elsewhere, context.CancellationToken).ConfigureAwait(false);
        var (items, next) = Merge(request.PageSize, local.Items.Select(TopicMapping.ToProto), local.NextPageToken,
            parts.Select(p => (p.Topics.AsEnumerable(), p.NextPageToken)), topic => topic.Name);
        var response = new ListTopicsResponse { NextPageToken = next };
        response.Topics.Add(items);
        return response;
    }

    public async Task<ListSubscriptionsResponse> ListSubscriptionsAsync(ListSubscriptionsRequest request, ServerCallContext context)
    {
        var (mine, elsewhere) = Split(context);
        var local = cells.ListSubscriptions(request.Project, request.PageSize, request.PageToken, mine);
        var parts = elsewhere.Count == 0 ? [] : await remote.ListSubscriptionsAsync(request, elsewhere, context.CancellationToken).ConfigureAwait(false);
        var (items, next) = Merge(request.PageSize, local.Items.Select(SubscriptionMapping.ToProto), local.NextPageToken,
            parts.Select(p => (p.Subscriptions.AsEnumerable(), p.NextPageToken)), subscription => subscription.Name);
        var response = new ListSubscriptionsResponse { NextPageToken = next };
        response.Subscriptions.Add(items);
        return response;
    }

    public async Task<ListSnapshotsResponse> ListSnapshotsAsync(ListSnapshotsRequest request, ServerCallContext context)
    {
        var (mine, elsewhere) = Split(context);
        var local = cells.ListSnapshots(request.Project, request.PageSize, request.PageToken, mine);
        var parts = elsewhere.Count == 0 ? [] : await remote.ListSnapshotsAsync(request, elsewhere, context.CancellationToken).ConfigureAwait(false);
        var (items, next) = Merge(request.PageSize, local.Items.Select(SnapshotMapping.ToProto), local.NextPageToken,
            parts.Select(p => (p.Snapshots.AsEnumerable(), p.NextPageToken)), snapshot => snapshot.Name);
        var response = new ListSnapshotsResponse { NextPageToken = next };
        response.Snapshots.Add(items);
        return response;
    }

    /// <summary>The cells listed here (those a gathering node asked for, else those this node runs) and those asked elsewhere.</summary>
    private (IReadOnlyCollection<int>? Mine, IReadOnlyList<int> Elsewhere) Split(ServerCallContext context)
    {
        if (IRemotePubSubCells.CellsAsked(context) is { } asked)
        {
            return (asked, []);
        }
        var elsewhere = remote.Elsewhere;
        return elsewhere.Count == 0 ? (null, []) : ([.. cells.Map.All.Except(elsewhere)], elsewhere);
    }

    private static (IReadOnlyList<T> Items, string Next) Merge<T>(int pageSize, IEnumerable<T> local, string localNext,
        IEnumerable<(IEnumerable<T> Items, string Next)> parts, Func<T, string> key)
    {
        var partList = parts.ToList();
        if (partList.Count == 0)
        {
            return ([.. local], localNext);
        }
        var size = PubSubCells.PageSize(pageSize);
        var all = local.Concat(partList.SelectMany(p => p.Items)).OrderBy(key, StringComparer.Ordinal).ToList();
        var page = all.Take(size).ToList();
        var more = all.Count > size || localNext.Length > 0 || partList.Exists(p => p.Next.Length > 0);
        return (page, more && page.Count > 0 ? PageToken.ResumeAfter(key(page[^1])).ToString() : "");
    }
}
