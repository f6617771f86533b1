using System.Globalization;
using Google.Rpc;
using Tidings.Delivery;

namespace Tidings.Tasks.Dispatch;

/// <summary>
/// An attempt's outcome as the <c>google.rpc.Status</c> of <c>last_attempt.response_status</c>. Google's exact
/// mapping and texts are not recorded; Tidings maps HTTP statuses by Google's HTTP-to-code table (code.proto) and
/// says what happened in the message.
/// </summary>
internal static class ResponseStatuses
{
    public static Status From(DeliveryResult result) => new()
    {
        Code = (int)CodeOf(result),
        Message = result.Outcome switch
        {
            DeliveryOutcome.Responded => string.Create(CultureInfo.InvariantCulture, $"HTTP status code {result.StatusCode}"),
            DeliveryOutcome.TimedOut => "The dispatch deadline passed before the target responded.",
            DeliveryOutcome.NotAllowed => result.Error ?? "The target is not allowed.",
            _ => result.Error ?? "The target could not be reached.",
        },
    };

    /// <summary>The code <see cref="From"/> gives, without building the status.</summary>
    public static Code CodeOf(DeliveryResult result) => result.Outcome switch
    {
        DeliveryOutcome.Responded => FromHttp(result.StatusCode),
        DeliveryOutcome.TimedOut => Code.DeadlineExceeded,
        DeliveryOutcome.NotAllowed => Code.PermissionDenied,
        _ => Code.Unavailable,
    };

    public static Code FromHttp(int status) => status switch
    {
        >= 200 and < 300 => Code.Ok,
        400 => Code.InvalidArgument,
        401 => Code.Unauthenticated,
        403 => Code.PermissionDenied,
        404 => Code.NotFound,
        409 => Code.Aborted,
        412 => Code.FailedPrecondition,
        416 => Code.OutOfRange,
        429 => Code.ResourceExhausted,
        499 => Code.Cancelled,
        501 => Code.Unimplemented,
        503 => Code.Unavailable,
        504 => Code.DeadlineExceeded,
        >= 500 and < 600 => Code.Internal,
        _ => Code.Unknown,
    };
}
