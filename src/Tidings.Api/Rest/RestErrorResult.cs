using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Tidings.Api.Errors;
using Tidings.Kernel.Errors;

namespace Tidings.Api.Rest;

/// <summary>
/// A domain error answered by a REST route written by hand (not transcoded): Google's HTTP status with the
/// <c>google.rpc.Status</c> as transcoding writes it, which <see cref="GoogleRestErrorMiddleware"/> then wraps in
/// Google's <c>{"error":{…}}</c> shape like every other REST error.
/// </summary>
internal sealed class RestErrorResult(TidingsException error) : IResult
{
    private static readonly JsonFormatter StatusFormatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(ApiErrors.DetailTypes));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = GoogleCodes.HttpStatusOf(error.Code);
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        return httpContext.Response.WriteAsync(StatusFormatter.Format(ApiErrors.ToRpcStatus(error)), httpContext.RequestAborted);
    }
}
