using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tidings.Monitoring;

/// <summary>
/// <c>/healthz</c> (liveness: 200 while the process serves HTTP) and <c>/readyz</c> (readiness: 200 once storage is
/// open and recovery done, 503 before and once a stop has begun), for orchestrators' probes. Plain text bodies.
/// </summary>
internal static class HealthEndpoints
{
    public const string HealthPath = "/healthz";
    public const string ReadyPath = "/readyz";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HealthPath, () => Results.Text("ok"));
        endpoints.MapGet(ReadyPath, (Readiness readiness) => Ready(readiness));
        return endpoints;
    }

    public static IResult Ready(Readiness readiness) => readiness.IsReady
        ? Results.Text("ready")
        : Results.Text("not ready: storage is opening or recovering, or the server is stopping", statusCode: StatusCodes.Status503ServiceUnavailable);
}
