using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Tidings.WebConsole.Assets;

/// <summary>Serves the console's files from the assembly's embedded resources (named <c>console/{path}</c>).</summary>
internal sealed class ConsoleAssets(Assembly assembly)
{
    private const string ResourcePrefix = "console/";

    /// <summary>
    /// The page loads scripts and styles from this server only and runs no inline script, so even a message body
    /// shown by a bug as HTML could not run code or reach elsewhere.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    private readonly HashSet<string> _names = [.. assembly.GetManifestResourceNames()];

    public async Task ServeAsync(HttpContext context, string path)
    {
        var response = context.Response;
        var name = ResourcePrefix + path;
        if (path.Contains("..", StringComparison.Ordinal) || !_names.Contains(name)
            || ContentTypes.For(path) is not { } contentType)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("Not found.", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        response.ContentType = contentType;
        // The files change only with the server's version; revalidating costs little on loopback and never serves stale code.
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        await using var stream = assembly.GetManifestResourceStream(name)!;
        response.ContentLength = stream.Length;
        await stream.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
