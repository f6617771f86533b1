using System.Net.Http.Json;
using System.Text.Json;
using Tidings.WebConsole;

namespace Tidings.Cluster;

/// <summary>
/// A node's requests for its parts of a console view that other nodes hold (the overview's, the Pub/Sub project
/// description's): a GET of the console's JSON API at a node's advertise URL, marked forwarded so it is answered
/// there, naming the Pub/Sub cells it covers when it covers some (<see cref="IRemotePubSubDescriptions.CellsHeader"/>).
/// Over the node's one pool of connections to other nodes, which this client does not dispose.
/// </summary>
internal sealed class ConsolePartClient(ClusterNode node, ForwardingClient forwarding) : IDisposable
{
    private readonly HttpClient _http = new(forwarding.Handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// The JSON answer of <paramref name="url"/><paramref name="pathAndQuery"/>; throws <see cref="HttpRequestException"/>
    /// when the node does not answer or answers an error, <see cref="JsonException"/> when the answer is not JSON, and
    /// <see cref="TaskCanceledException"/> after the timeout.
    /// </summary>
    public async Task<JsonElement> GetAsync(string url, string pathAndQuery, IReadOnlyCollection<int>? cells, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url + pathAndQuery);
        request.Headers.Add(UnitForwarding.ForwardedHeader, node.NodeId);
        if (cells is not null)
        {
            request.Headers.Add(IRemotePubSubDescriptions.CellsHeader, string.Join(',', cells));
        }
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="exception"/> is how a part failed (not the caller's own cancellation).</summary>
    public static bool IsPartFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested;
}
