using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tidings.Api.Errors;
using Tidings.Api.Grpc;
using Tidings.Api.Modules.PubSub;
using Tidings.Api.Rest;

namespace Tidings.Api;

/// <summary>
/// What every service's API shares: gRPC with its message limits and the error interceptor, and the REST/JSON form.
/// Each service maps its own gRPC services (<c>MapPubSubApi()</c>).
/// </summary>
public static class TidingsApiExtensions
{
    /// <summary>
    /// Unary requests over 10 MiB are refused before gRPC reads them (<see cref="GrpcRequestSizeLimitMiddleware"/>);
    /// this bounds the messages of streams, and StreamingPull responses stay under ~10 MiB.
    /// </summary>
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
            // Google's JSON: fields holding their default value are left out, int64 is a string.
            transcoding.JsonSettings.IgnoreDefaultValues = true;
            transcoding.JsonSettings.WriteInt64sAsStrings = true;
        });
        services.TryAddSingleton<IRemotePubSubCells, NoRemotePubSubCells>();
        services.TryAddSingleton<CellListings>();
        return services;
    }

    /// <summary>
    /// Google's REST conventions around JSON transcoding: bodies read as JSON whatever their content type, at most
    /// 10 MiB, and errors in the <c>{"error":{code,message,status}}</c> shape. Add before routing.
    /// </summary>
    public static IApplicationBuilder UseGoogleRestConventions(this IApplicationBuilder app) =>
        app.UseMiddleware<GoogleRestErrorMiddleware>()
            .UseMiddleware<RestJsonContentTypeMiddleware>()
            .UseMiddleware<RestRequestSizeLimitMiddleware>();

    /// <summary>
    /// The conventions that depend on the method called: unary gRPC requests over 10 MiB refused with Google's
    /// text, REST field masks accepted with proto field names, and REST responses with numeric enums when the call
    /// asks for them. Add after routing.
    /// </summary>
    public static IApplicationBuilder UseGoogleEndpointConventions(this IApplicationBuilder app) =>
        app.UseMiddleware<GrpcRequestSizeLimitMiddleware>()
            .UseMiddleware<RestFieldMaskMiddleware>()
            .UseMiddleware<RestBase64Middleware>()
            .UseMiddleware<RestEnumEncodingMiddleware>();
}
