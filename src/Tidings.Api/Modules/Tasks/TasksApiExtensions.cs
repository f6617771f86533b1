using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Tidings.Api.Modules.Tasks;

/// <summary>Maps Google's Cloud Tasks API (gRPC and its REST form) over the engine that <c>AddCloudTasks()</c> registers.</summary>
public static class TasksApiExtensions
{
    /// <summary>Maps google.cloud.tasks.v2.CloudTasks. Needs <c>AddTidingsApi()</c> and <c>AddCloudTasks()</c>.</summary>
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<CloudTasksService>();
        return endpoints;
    }
}
