using Google.Cloud.PubSub.V1;
using Grpc.Core;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// The parts of a listing that Pub/Sub cells on other nodes hold (a cluster's, with Pub/Sub in cells): each such
/// node is asked the same request for the cells it runs (<see cref="CellsHeader"/>), and the caller merges the
/// pages. A single process, or a node running every cell, has nothing to ask.
/// </summary>
public interface IRemotePubSubCells
{
    /// <summary>The request header naming the cells a node is asked to list (comma-separated), by a node gathering a listing.</summary>
    const string CellsHeader = "x-tidings-cells";

    /// <summary>The cells this node does not run, as of now.</summary>
    IReadOnlyList<int> Elsewhere { get; }

    Task<IReadOnlyList<ListTopicsResponse>> ListTopicsAsync(ListTopicsRequest request, IReadOnlyList<int> cells, CancellationToken cancellationToken);

    Task<IReadOnlyList<ListSubscriptionsResponse>> ListSubscriptionsAsync(ListSubscriptionsRequest request, IReadOnlyList<int> cells, CancellationToken cancellationToken);

    Task<IReadOnlyList<ListSnapshotsResponse>> ListSnapshotsAsync(ListSnapshotsRequest request, IReadOnlyList<int> cells, CancellationToken cancellationToken);

    /// <summary>The cells a gathering node asked this one for, or null for a client's own listing.</summary>
    static IReadOnlyList<int>? CellsAsked(ServerCallContext context)
    {
        var value = context.RequestHeaders.GetValue(CellsHeader);
        return value is null ? null : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
    }
}

/// <summary>Every cell runs in this process.</summary>
internal sealed class NoRemotePubSubCells : IRemotePubSubCells
{
    public IReadOnlyList<int> Elsewhere => [];

    public Task<IReadOnlyList<ListTopicsResponse>> ListTopicsAsync(ListTopicsRequest request, IReadOnlyList<int> cells, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ListTopicsResponse>>([]);

    public Task<IReadOnlyList<ListSubscriptionsResponse>> ListSubscriptionsAsync(ListSubscriptionsRequest request, IReadOnlyList<int> cells, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ListSubscriptionsResponse>>([]);

    public Task<IReadOnlyList<ListSnapshotsResponse>> ListSnapshotsAsync(ListSnapshotsRequest request, IReadOnlyList<int> cells, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ListSnapshotsResponse>>([]);
}
