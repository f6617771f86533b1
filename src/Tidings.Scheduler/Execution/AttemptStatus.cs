using Tidings.Delivery;
using Tidings.Kernel.Errors;
using Tidings.Scheduler.Errors;
using RpcStatus = Google.Rpc.Status;

namespace Tidings.Scheduler.Execution;

/// <summary>
/// The <c>google.rpc.Status</c> a job records for its last attempt. HTTP answers map by Google's HTTP-to-code table
/// (200–299 OK, 400 INVALID_ARGUMENT, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 409 ABORTED,
/// 429 RESOURCE_EXHAUSTED, 499 CANCELLED, 501 UNIMPLEMENTED, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED, other 4xx
/// FAILED_PRECONDITION, other 5xx INTERNAL, anything else UNKNOWN), as the real service reports 500 as INTERNAL and
/// 404 as NOT_FOUND. No answer within the deadline is DEADLINE_EXCEEDED, no connection UNAVAILABLE.
/// </summary>
internal static class AttemptStatus
{
    public static RpcStatus Ok() => new() { Code = 0, Message = SchedulerErrors.AttemptSucceeded() };

    public static bool IsOk(RpcStatus status) => status.Code == 0;

    public static RpcStatus Of(ErrorCode code, string message) => new() { Code = (int)code, Message = message };

    public static RpcStatus FromDelivery(DeliveryResult result, TimeSpan deadline) => result.Outcome switch
    {
        DeliveryOutcome.Responded when result.StatusCode is >= 200 and <= 299 => Ok(),
        DeliveryOutcome.Responded => Of(FromHttp(result.StatusCode), SchedulerErrors.HttpStatusText(result.StatusCode)),
        DeliveryOutcome.TimedOut => Of(ErrorCode.DeadlineExceeded, SchedulerErrors.TimedOutText(deadline)),
        DeliveryOutcome.NotAllowed => Of(ErrorCode.PermissionDenied, SchedulerErrors.NotAllowedText()),
        _ => Of(ErrorCode.Unavailable, SchedulerErrors.UnreachableText(result.Error)),
    };

    public static ErrorCode FromHttp(int statusCode) => statusCode switch
    {
        400 => ErrorCode.InvalidArgument,
        401 => ErrorCode.Unauthenticated,
        403 => ErrorCode.PermissionDenied,
        404 => ErrorCode.NotFound,
        409 => ErrorCode.Aborted,
        429 => ErrorCode.ResourceExhausted,
        499 => ErrorCode.Cancelled,
        501 => ErrorCode.Unimplemented,
        503 => ErrorCode.Unavailable,
        504 => ErrorCode.DeadlineExceeded,
        >= 400 and <= 499 => ErrorCode.FailedPrecondition,
        >= 500 and <= 599 => ErrorCode.Internal,
        _ => ErrorCode.Unknown,
    };
}
