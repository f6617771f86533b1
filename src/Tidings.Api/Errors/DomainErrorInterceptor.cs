using Grpc.Core;
using Grpc.Core.Interceptors;
using Tidings.Kernel.Errors;
using Tidings.Storage.Messages;

namespace Tidings.Api.Errors;

/// <summary>
/// Turns typed domain and storage errors into gRPC status (with Google's error details when the error has any), for
/// unary, streaming and transcoded REST calls alike. A full disk is RESOURCE_EXHAUSTED and any other storage
/// failure UNAVAILABLE: clients retry both, and nothing was stored.
/// </summary>
internal sealed class DomainErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception exception) when (ToStatus(exception) is { } status)
        {
            throw status;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception exception) when (ToStatus(exception) is { } status)
        {
            throw status;
        }
    }

    /// <summary>The status for an error this layer knows; null lets anything else through unchanged.</summary>
    private static RpcException? ToStatus(Exception exception) => exception switch
    {
        TidingsException domain => ApiErrors.ToRpcException(domain),
        StorageFullException full => ApiErrors.ToRpcException(ApiErrors.StorageFull(full)),
        StorageFailedException failed => ApiErrors.ToRpcException(ApiErrors.StorageFailed(failed)),
        _ => null,
    };
}
