using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tidings.Kernel.Errors;

namespace Tidings.WebConsole.Api;

/// <summary>
/// Wraps every console API call: refuses changes that do not come from the console's own script, and answers
/// the engines' errors (and unreadable bodies) in Google's error shape instead of a crash page.
/// </summary>
internal sealed class ConsoleApiFilter : IEndpointFilter
{
    /// <summary>
    /// Sent by the page's script on every change. A custom header makes a browser ask first (CORS preflight), which
    /// this server never grants, so another site open in the same browser cannot make Tidings publish or purge.
    /// </summary>
    public const string ChangeHeader = "X-Tidings-Console";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !request.Headers.ContainsKey(ChangeHeader))
        {
            return ConsoleResults.Error(ErrorCode.PermissionDenied, $"Console changes must carry the {ChangeHeader} header.");
        }
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (TidingsException error)
        {
            return ConsoleResults.Error(error.Code, error.Message);
        }
        catch (JsonException error)
        {
            return ConsoleResults.Error(ErrorCode.InvalidArgument, $"The request body is not valid JSON: {error.Message}");
        }
    }
}
