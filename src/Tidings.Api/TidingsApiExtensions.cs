using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tidings.Api.Errors;
using Tidings.Api.Modules.PubSub;
using Tidings.Api.Rest;
using Tidings.Delivery;
using Tidings.PubSub;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;
using Tidings.Storage.State;

namespace Tidings.Api;

/// <summary>Registers and maps the Google-compatible gRPC services and their REST/JSON form.</summary>
public static class TidingsApiExtensions
{
    /// <summary>Publish requests may carry 10 MiB of data plus framing; StreamingPull responses stay under ~10 MiB.</summary>
    private const int MaxGrpcMessageBytes = 24 * 1024 * 1024;

    public static IServiceCollection AddTidingsApi(this IServiceCollection services)
    {
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxGrpcMessageBytes;
            grpc.MaxSendMessageSize = MaxGrpcMessageBytes;
            grpc.Interceptors.Add<DomainErrorInterceptor>();
        }).AddJsonTranscoding(transcoding =>
        {
            // Error details are Any messages; transcoding writes them as JSON only if it can look their types up.
            transcoding.TypeRegistry = ApiErrors.DetailTypes;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMessageStore, InMemoryMessageStore>();
        services.TryAddSingleton<IStateStore, InMemoryStateStore>();
        services.TryAddSingleton<PubSubOptions>();
        services.TryAddSingleton(provider => new PubSubBroker(
            provider.GetRequiredService<IMessageStore>(),
            provider.GetRequiredService<IStateStore>(),
            provider.GetRequiredService<IHttpDeliverer>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<PubSubOptions>(),
            provider.GetRequiredService<ILogger<PubSubBroker>>()));
        return services;
    }

    public static IEndpointRouteBuilder MapTidingsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<PublisherService>();
        endpoints.MapGrpcService<SubscriberService>();
        endpoints.MapGrpcService<SchemaServiceStub>();
        return endpoints;
    }

    /// <summary>
    /// Google's REST conventions around JSON transcoding: bodies read as JSON whatever their content type, and
    /// errors in the <c>{"error":{code,message,status}}</c> shape. Add before routing.
    /// </summary>
    public static IApplicationBuilder UseGoogleRestConventions(this IApplicationBuilder app) =>
        app.UseMiddleware<GoogleRestErrorMiddleware>().UseMiddleware<RestJsonContentTypeMiddleware>();
}
