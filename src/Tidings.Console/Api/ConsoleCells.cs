using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Kernel.Errors;
using Tidings.PubSub;
using Tidings.PubSub.Cells;

namespace Tidings.WebConsole.Api;

/// <summary>
/// Which Pub/Sub cells a console view covers here: those a gathering node asked for
/// (<see cref="IRemotePubSubDescriptions.CellsHeader"/>), which must all run in this process, else those this process
/// runs, the others' parts being asked of the nodes that run them (<see cref="IRemotePubSubDescriptions"/>).
/// </summary>
internal static class ConsoleCells
{
    /// <summary>The cells a gathering node asked this one for, or null for the page's own request.</summary>
    public static IReadOnlyList<int>? Asked(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(IRemotePubSubDescriptions.CellsHeader, out var value))
        {
            return null;
        }
        var cells = new List<int>();
        foreach (var part in value.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            cells.Add(int.TryParse(part, System.Globalization.NumberStyles.None, null, out var cell)
                ? cell
                : throw new TidingsException(ErrorCode.InvalidArgument, $"The {IRemotePubSubDescriptions.CellsHeader} header names no cells."));
        }
        return cells;
    }

    /// <summary>Where the other cells' parts come from: the cluster's, else none (every cell runs here).</summary>
    public static IRemotePubSubDescriptions Remote(HttpContext context) =>
        context.RequestServices.GetService<IRemotePubSubDescriptions>() ?? IRemotePubSubDescriptions.None;

    /// <summary>
    /// The engines of <paramref name="wanted"/>; UNAVAILABLE when one does not run here (its cell moved since it was
    /// asked for), as a call for it would be.
    /// </summary>
    public static IReadOnlyList<PubSubBroker> Engines(PubSubCells cells, IEnumerable<int> wanted) =>
        [.. wanted.Select(cell => (cell >= 0 && cell < cells.Map.Count ? cells.Find(cell) : null)
            ?? throw new TidingsException(ErrorCode.Unavailable, "This server does not run that part of Pub/Sub at the moment; retry."))];
}
