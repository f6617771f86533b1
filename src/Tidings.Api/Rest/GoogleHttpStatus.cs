using Tidings.Kernel.Errors;

namespace Tidings.Api.Rest;

/// <summary>The HTTP status Google's REST APIs answer for each canonical error code (google/rpc/code.proto).</summary>
internal static class GoogleHttpStatus
{
    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.Cancelled => 499,
        ErrorCode.InvalidArgument or ErrorCode.FailedPrecondition or ErrorCode.OutOfRange => 400,
        ErrorCode.Unauthenticated => 401,
        ErrorCode.PermissionDenied => 403,
        ErrorCode.NotFound => 404,
        ErrorCode.AlreadyExists or ErrorCode.Aborted => 409,
        ErrorCode.ResourceExhausted => 429,
        ErrorCode.Unimplemented => 501,
        ErrorCode.Unavailable => 503,
        ErrorCode.DeadlineExceeded => 504,
        _ => 500,
    };
}
