using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Cells;
using Tidings.WebConsole;

namespace Tidings.Cluster;

/// <summary>
/// The console's Pub/Sub project description in a cluster with Pub/Sub in cells: the cells this node does not run
/// are grouped by their owners (<see cref="CellOwners"/>), and each owner is asked at once for its cells' part
/// (<see cref="ConsolePartClient"/>). A cell without a known owner, or an owner that does not answer, makes the
/// description UNAVAILABLE, as the console's overview and the API's listings are.
/// </summary>
internal sealed partial class ClusterRemotePubSubDescriptions(PubSubCells cells, ClusterState state, ClusterNode node, ConsolePartClient parts,
    ILogger<ClusterRemotePubSubDescriptions> logger) : IRemotePubSubDescriptions
{
    public IReadOnlyList<int> Elsewhere => [.. cells.Map.All.Where(cell => cells.Find(cell) is null)];

    public async Task<IReadOnlyList<JsonElement>> DescribeAsync(string project, IReadOnlyList<int> asked, CancellationToken cancellationToken)
    {
        var byOwner = await CellOwners.ByUrlAsync(state, node, asked, cancellationToken).ConfigureAwait(false)
            ?? throw new TidingsException(ErrorCode.Unavailable, ClusterUnavailable.NoOwnerMessage);
        var pathAndQuery = $"{IRemotePubSubDescriptions.DescriptionPath}?project={Uri.EscapeDataString(project)}";
        try
        {
            return await Task.WhenAll(byOwner.Select(pair => parts.GetAsync(pair.Key, pathAndQuery, pair.Value, cancellationToken))).ConfigureAwait(false);
        }
        catch (Exception exception) when (ConsolePartClient.IsPartFailure(exception, cancellationToken))
        {
            PartFailed(logger, node.NodeId, string.Join(',', asked), exception.Message);
            throw new TidingsException(ErrorCode.Unavailable, ClusterUnavailable.NoOwnerMessage);
        }
    }

    [LoggerMessage(EventId = 270, Level = LogLevel.Debug,
        Message = "Node {NodeId} could not reach the owners of Pub/Sub cells {Cells} to describe a project in the console: {Reason}")]
    private static partial void PartFailed(ILogger logger, string nodeId, string cells, string reason);
}
