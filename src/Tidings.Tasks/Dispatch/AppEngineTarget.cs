using System.Net;
using Google.Cloud.Tasks.V2;

namespace Tidings.Tasks.Dispatch;

/// <summary>
/// Where an App Engine task goes. Google sends it to the app's host with the routing's parts in front
/// (<c>instance.version.service.APP.appspot.com</c>, each part only when set); Tidings puts the same parts in front
/// of the host of its configured base URL instead (<see cref="TasksOptions.AppEngineBaseUrl"/>), so
/// <c>http://localhost:8080</c> with service <c>worker</c> is <c>http://worker.localhost:8080</c>. A base URL whose
/// host is an IP address takes no prefixes: every task goes to it. The task's relative URI follows the base URL's path.
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

    /// <summary>The URL a task is sent to: the queue's routing override wins over the task's routing.</summary>
    public static Uri Url(AppEngineHttpRequest request, AppEngineRouting? queueOverride, Uri baseUrl)
    {
        var routing = queueOverride ?? request.AppEngineRouting;
        var relative = request.RelativeUri.Length == 0 ? "/" : request.RelativeUri;
        var basePath = baseUrl.AbsolutePath.TrimEnd('/');
        return new Uri($"{baseUrl.Scheme}://{RoutingHost(routing, baseUrl)}{basePath}{relative}");
    }
}
