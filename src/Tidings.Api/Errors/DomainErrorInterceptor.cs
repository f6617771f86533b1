using Grpc.Core;
using Grpc.Core.Interceptors;
using Tidings.PubSub.Errors;

namespace Tidings.Api.Errors;

/// <summary>Turns typed domain errors into gRPC status, for gRPC and transcoded REST calls alike.</summary>
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
