using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.Kernel.Errors;
using RpcBadRequest = Google.Rpc.BadRequest;
using RpcErrorInfo = Google.Rpc.ErrorInfo;
using RpcStatus = Google.Rpc.Status;

namespace Tidings.Api.Errors;

/// <summary>
/// The API layer's own error texts, and the one mapping of a <see cref="TidingsException"/> to the wire: a gRPC
/// status and, when the error has details, Google's <c>google.rpc.Status</c> in the <c>grpc-status-details-bin</c>
/// trailer, which JSON transcoding turns into the REST error's <c>details</c>.
/// </summary>
internal static class ApiErrors
{
    /// <summary>The trailer that carries a serialized <c>google.rpc.Status</c> (gRPC's richer error model).</summary>
    public const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <summary>The detail types errors may carry, for writing and reading them as JSON (<c>Any</c> needs their descriptors).</summary>
    public static readonly TypeRegistry DetailTypes = TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor);

    public static TidingsException Unimplemented(string what) =>
        new(ErrorCode.Unimplemented, $"{what} is not implemented by this Tidings server yet.");

    /// <summary>A REST body that is not the request's JSON, answered by a hand-written route as transcoding answers it.</summary>
    public static TidingsException InvalidJsonBody() =>
        new(ErrorCode.InvalidArgument, "Request JSON payload is not correctly formatted.");

    /// <summary>A full disk: RESOURCE_EXHAUSTED, which clients retry; nothing was stored.</summary>
    public static TidingsException StorageFull(Exception exception) =>
        new(ErrorCode.ResourceExhausted, $"The server's disk is full; the request was not stored. ({exception.Message})");

    /// <summary>Any other storage failure: UNAVAILABLE, which clients retry; nothing was stored.</summary>
    public static TidingsException StorageFailed(Exception exception) =>
        new(ErrorCode.Unavailable, $"The server could not store the request; nothing was stored. ({exception.Message})");

    public static RpcException ToRpcException(TidingsException exception)
    {
        var status = new Status((StatusCode)(int)exception.Code, exception.Message);
        if (!exception.HasDetails)
        {
            return new RpcException(status);
        }
        var trailers = new Metadata { { StatusDetailsTrailer, ToRpcStatus(exception).ToByteArray() } };
        return new RpcException(status, trailers);
    }

    /// <summary>The details in Google's order: the ErrorInfo first, then the field violations.</summary>
    public static RpcStatus ToRpcStatus(TidingsException exception)
    {
        var status = new RpcStatus { Code = (int)exception.Code, Message = exception.Message };
        if (exception.Info is { } info)
        {
            var errorInfo = new RpcErrorInfo { Reason = info.Reason, Domain = info.Domain };
            foreach (var (key, value) in info.Metadata)
            {
                errorInfo.Metadata[key] = value;
            }
            status.Details.Add(Any.Pack(errorInfo));
        }
        if (exception.FieldViolations.Count > 0)
        {
            var badRequest = new RpcBadRequest();
            foreach (var violation in exception.FieldViolations)
            {
                badRequest.FieldViolations.Add(new RpcBadRequest.Types.FieldViolation { Field = violation.Field, Description = violation.Description });
            }
            status.Details.Add(Any.Pack(badRequest));
        }
        return status;
    }
}
