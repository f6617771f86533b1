using Grpc.Core;
using Grpc.Core.Interceptors;
using Tidings.PubSub.Errors;
using Tidings.Storage.Messages;

namespace Tidings.Api.Errors;

/// <summary>
/// Turns typed domain and storage errors into gRPC status, for gRPC and transcoded REST calls alike. A full disk is
/// RESOURCE_EXHAUSTED and any other storage failure UNAVAILABLE: clients retry both, and nothing was stored.
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
        catch (PubSubException exception)
        {
            throw ApiErrors.ToRpcException(exception);
        }
        catch (StorageFullException exception)
        {
            throw ApiErrors.StorageFull(exception);
        }
        catch (StorageFailedException exception)
        {
            throw ApiErrors.StorageFailed(exception);
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
        catch (PubSubException exception)
        {
            throw ApiErrors.ToRpcException(exception);
        }
    }
}
