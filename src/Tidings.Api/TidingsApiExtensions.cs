using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Tidings.Api;

/// <summary>Registers and maps the Google-compatible gRPC services and their REST/JSON form.</summary>
public static class TidingsApiExtensions
{
    public static IServiceCollection AddTidingsApi(this IServiceCollection services)
    {
        services.AddGrpc(grpc =>
        {
            // Publish requests may carry 10 MB of data plus framing; StreamingPull responses are kept under ~10 MB.
            grpc.MaxReceiveMessageSize = 24 * 1024 * 1024;
            grpc.MaxSendMessageSize = 24 * 1024 * 1024;
        }).AddJsonTranscoding();
        return services;
    }

    public static IEndpointRouteBuilder MapTidingsApi(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
