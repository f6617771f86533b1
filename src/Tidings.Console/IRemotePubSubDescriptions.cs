using System.Text.Json;

namespace Tidings.WebConsole;

/// <summary>
/// The parts of the console's Pub/Sub views that cells on other nodes hold (a cluster's, with Pub/Sub in cells): each
/// node running some of them is asked the same description for its cells (<see cref="CellsHeader"/>), and the
/// console merges the parts. Registered by a cluster; without one every cell runs in this process
/// (<see cref="None"/>), so the console depends on no cluster.
/// </summary>
public interface IRemotePubSubDescriptions
{
    /// <summary>
    /// The request header naming the Pub/Sub cells a node is asked to describe (comma-separated), by a node gathering
    /// the console's project description or overview; the same header the API's listings use.
    /// </summary>
    const string CellsHeader = "x-tidings-cells";

    /// <summary>The project description's path (<c>?project=</c> names the project).</summary>
    const string DescriptionPath = ConsoleEndpoints.BasePath + "/api/pubsub";

    /// <summary>Every cell runs in this process: nothing to ask.</summary>
    static readonly IRemotePubSubDescriptions None = new NoRemotePubSubDescriptions();

    /// <summary>The cells this process does not run, as of now.</summary>
    IReadOnlyList<int> Elsewhere { get; }

    /// <summary>
    /// The description of <paramref name="project"/> (<c>GET /console/api/pubsub</c>'s JSON) from the nodes running
    /// <paramref name="cells"/>, one part per node; UNAVAILABLE when a cell has no known owner or its owner does not
    /// answer.
    /// </summary>
    Task<IReadOnlyList<JsonElement>> DescribeAsync(string project, IReadOnlyList<int> cells, CancellationToken cancellationToken);
}

/// <summary>Every cell runs in this process.</summary>
internal sealed class NoRemotePubSubDescriptions : IRemotePubSubDescriptions
{
    public IReadOnlyList<int> Elsewhere => [];

    public Task<IReadOnlyList<JsonElement>> DescribeAsync(string project, IReadOnlyList<int> cells, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JsonElement>>([]);
}
