using Grpc.Core;
using Tidings.PubSub.Errors;

namespace Tidings.Api.Errors;

/// <summary>Maps domain errors to gRPC status; the only place that knows both.</summary>
internal static class ApiErrors
{
    public static RpcException ToRpcException(PubSubException exception) =>
        new(new Status((StatusCode)(int)exception.Code, exception.Message));

    public static RpcException Unimplemented(string what) =>
        new(new Status(StatusCode.Unimplemented, $"{what} is not implemented by this Tidings server yet."));

    public static RpcException StorageFull(Exception exception) =>
        new(new Status(StatusCode.ResourceExhausted, $"The server's disk is full; the request was not stored. ({exception.Message})"));

    public static RpcException StorageFailed(Exception exception) =>
        new(new Status(StatusCode.Unavailable, $"The server could not store the request; nothing was stored. ({exception.Message})"));

    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
