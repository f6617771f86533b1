using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Tidings.Api.Modules.Scheduler;

/// <summary>Maps Google's Cloud Scheduler API (gRPC and its REST form) over the engine that <c>AddCloudScheduler()</c> registers.</summary>
public static class SchedulerApiExtensions
{
    /// <summary>Maps google.cloud.scheduler.v1.CloudScheduler. Needs <c>AddTidingsApi()</c> and <c>AddCloudScheduler()</c>.</summary>
    public static IEndpointRouteBuilder MapSchedulerApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<CloudSchedulerService>();
        return endpoints;
    }
}
