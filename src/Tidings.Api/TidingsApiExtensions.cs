using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Api.Errors;
using Tidings.Api.Rest;

namespace Tidings.Api;

/// <summary>
/// What every service's API shares: gRPC with its message limits and the error interceptor, and the REST/JSON form.
/// Each service maps its own gRPC services (<c>MapPubSubApi()</c>).
/// </summary>
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
        return services;
    }

    /// <summary>
    /// Google's REST conventions around JSON transcoding: bodies read as JSON whatever their content type, and
    /// errors in the <c>{"error":{code,message,status}}</c> shape. Add before routing.
    /// </summary>
    public static IApplicationBuilder UseGoogleRestConventions(this IApplicationBuilder app) =>
        app.UseMiddleware<GoogleRestErrorMiddleware>().UseMiddleware<RestJsonContentTypeMiddleware>();
}
