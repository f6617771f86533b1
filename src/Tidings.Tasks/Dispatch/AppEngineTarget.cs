using System.Net;
using Google.Cloud.Tasks.V2;

namespace Tidings.Tasks.Dispatch;

/// <summary>
/// Where an App Engine task goes. Google sends it to the app's host with the routing's parts in front
/// (<c>instance.version.service.APP.appspot.com</c>, each part only when set); Tidings puts the same parts in front
/// of the host of its configured base URL instead (<see cref="TasksOptions.AppEngineBaseUrl"/>), so
/// <c>http://localhost:8080</c> with service <c>worker</c> is <c>worker.localhost:8080</c>. That name is sent as the
/// <c>Host</c> header while the connection goes to the base URL itself, so routing needs no DNS entry for it (as a
/// dispatcher in front of an App Engine app would see it). A base URL whose host is an IP address takes no prefixes.
/// The task's relative URI follows the base URL's path.
/// </summary>
internal static class AppEngineTarget
{
    /// <summary>The host (with the base URL's port, if any) a routing sends to: what AppEngineRouting.host reports.</summary>
    public static string RoutingHost(AppEngineRouting? routing, Uri baseUrl)
    {
        var authority = baseUrl.IsDefaultPort ? baseUrl.Host : $"{baseUrl.Host}:{baseUrl.Port}";
        if (routing is null || IPAddress.TryParse(baseUrl.DnsSafeHost, out _))
        {
            return authority;
        }
        var prefix = string.Join('.', new[] { routing.Instance, routing.Version, routing.Service }.Where(part => part.Length > 0));
        return prefix.Length == 0 ? authority : $"{prefix}.{authority}";
    }

    /// <summary>The URL a task is sent to: the base URL's scheme, host and port, its path, then the relative URI.</summary>
    public static Uri Url(AppEngineHttpRequest request, Uri baseUrl)
    {
        var relative = request.RelativeUri.Length == 0 ? "/" : request.RelativeUri;
        var basePath = baseUrl.AbsolutePath.TrimEnd('/');
        return new Uri($"{baseUrl.GetLeftPart(UriPartial.Authority)}{basePath}{relative}");
    }

    /// <summary>The <c>Host</c> header a task is sent with: the queue's routing override wins over the task's routing.</summary>
    public static string Host(AppEngineHttpRequest request, AppEngineRouting? queueOverride, Uri baseUrl) =>
        RoutingHost(queueOverride ?? request.AppEngineRouting, baseUrl);
}
