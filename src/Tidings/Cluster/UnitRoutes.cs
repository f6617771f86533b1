using Microsoft.AspNetCore.Http;

namespace Tidings.Cluster;

/// <summary>
/// Which unit serves a request, by its path alone (a request is routed before its body is read): gRPC by service
/// (<c>/google.pubsub.v1.*</c> and <c>/google.iam.v1.IAMPolicy/*</c>: Pub/Sub; <c>/google.cloud.tasks.v2.*</c>: Cloud
/// Tasks; <c>/google.cloud.scheduler.v1.*</c>: Cloud Scheduler), REST by collection (<c>/v1/projects/*/topics</c>,
/// <c>subscriptions</c>, <c>snapshots</c>, <c>schemas</c>; <c>/v2/projects/*/locations/*/queues</c>;
/// <c>/v1/projects/*/locations/*/jobs</c>), the console's API by its prefix. Null for what needs no engine and is
/// served by any node: <c>google.cloud.location.Locations</c> (a catalogue from the settings), the console's page,
/// probes, OIDC documents, and paths no service knows (answered 404 locally).
/// </summary>
internal static class UnitRoutes
{
    /// <summary>The console overview, which lists every service's projects: composed from the owners (<see cref="ConsoleOverview"/>).</summary>
    public const string ConsoleOverviewPath = "/console/api/overview";

    public static ClusterUnit? Of(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (ClusterUnavailable.IsGrpc(request))
        {
            return Grpc(path);
        }
        if (path == ConsoleOverviewPath && request.Query.TryGetValue(ConsoleOverview.ServiceParameter, out var service))
        {
            return ClusterUnits.Single.Parse(service.ToString()) ?? ClusterUnit.PubSub; // an unknown service: whichever, to be refused there
        }
        if (path.StartsWith("/console/api/", StringComparison.Ordinal))
        {
            return Console(path["/console/api/".Length..]);
        }
        return Rest(path);
    }

    private static ClusterUnit? Grpc(string path) =>
        path.StartsWith("/google.pubsub.v1.", StringComparison.Ordinal) || path.StartsWith("/google.iam.v1.IAMPolicy/", StringComparison.Ordinal)
            ? ClusterUnit.PubSub
            : path.StartsWith("/google.cloud.tasks.v2.", StringComparison.Ordinal)
                ? ClusterUnit.Tasks
                : path.StartsWith("/google.cloud.scheduler.v1.", StringComparison.Ordinal)
                    ? ClusterUnit.Scheduler
                    : null;

    // The console's API paths begin with the unit's name: /console/api/pubsub…, /tasks…, /scheduler….
    private static ClusterUnit? Console(string rest)
    {
        var end = rest.IndexOf('/');
        return ClusterUnits.Single.Parse(end < 0 ? rest : rest[..end]);
    }

    // /{version}/projects/{project}/{collection}[/{id}/{collection}…], a segment possibly ending in ":verb".
    private static ClusterUnit? Rest(string path)
    {
        var segments = path.Split('/');
        if (segments.Length < 5 || segments[0].Length != 0 || segments[2] != "projects")
        {
            return null;
        }
        var collection = Collection(segments[4]);
        switch (segments[1])
        {
            case "v1" when collection is "topics" or "subscriptions" or "snapshots" or "schemas":
                return ClusterUnit.PubSub;
            case "v1" when collection == "locations" && segments.Length > 6 && Collection(segments[6]) == "jobs":
                return ClusterUnit.Scheduler;
            case "v2" when collection == "locations" && segments.Length > 6 && Collection(segments[6]) == "queues":
                return ClusterUnit.Tasks;
            default:
                return null;
        }
    }

    private static string Collection(string segment) => segment.Split(':')[0];
}
