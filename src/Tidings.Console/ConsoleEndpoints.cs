using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.WebConsole.Api;
using Tidings.WebConsole.Assets;

namespace Tidings.WebConsole;

/// <summary>
/// The web console at <c>/console</c>: a static page (embedded in this assembly) and the small JSON API under
/// <c>/console/api</c> that only it uses, over the engines' own methods.
/// </summary>
public static class ConsoleEndpoints
{
    public const string BasePath = "/console";

    public static IEndpointRouteBuilder MapTidingsConsole(this IEndpointRouteBuilder endpoints)
    {
        var assets = new ConsoleAssets(typeof(ConsoleEndpoints).Assembly);
        // One route for "/console", "/console/" and the files (routing does not tell the first two apart). "/console"
        // redirects to "/console/", so the page's relative asset URLs resolve under it.
        endpoints.MapGet(BasePath + "/{**path}", (HttpContext context, string? path) =>
        {
            if (string.IsNullOrEmpty(path))
            {
                return context.Request.Path.Value!.EndsWith('/')
                    ? assets.ServeAsync(context, "index.html")
                    : Redirect(context);
            }
            return assets.ServeAsync(context, path);
        });

        var api = endpoints.MapGroup(BasePath + "/api")
            .AddEndpointFilter<ConsoleApiFilter>();
        api.MapOverviewApi();
        api.MapPubSubConsoleApi();
        api.MapTasksConsoleApi();
        api.MapSchedulerConsoleApi();
        // Anything else under /api is a JSON 404, not the page.
        api.Map("/{**rest}", () => ConsoleResults.Error(Kernel.Errors.ErrorCode.NotFound, "No such console API."));
        return endpoints;
    }

    private static Task Redirect(HttpContext context)
    {
        context.Response.Redirect(context.Request.PathBase + BasePath + "/" + context.Request.QueryString);
        return Task.CompletedTask;
    }
}
