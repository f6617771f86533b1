namespace Tidings.Kernel.Errors;

/// <summary>
/// Google's names and HTTP statuses of the canonical codes (google/rpc/code.proto), as REST error bodies, gcloud and
/// Cloud Monitoring's <c>response_code</c> labels spell them.
/// </summary>
public static class GoogleCodes
{
    /// <summary>The names of codes 0 (OK) to 16 (UNAUTHENTICATED), indexed by code.</summary>
    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>How many codes there are (0 to 16).</summary>
    public static int Count => Names.Length;

    /// <summary>A code outside 0–16 as the code it stands for: UNKNOWN.</summary>
    public static int Normalize(int code) => code >= 0 && code < Names.Length ? code : (int)ErrorCode.Unknown;

    /// <summary>Google's name of a code: <c>OK</c>, <c>NOT_FOUND</c>, …; UNKNOWN outside 0–16.</summary>
    public static string NameOf(int code) => Names[Normalize(code)];

    public static string NameOf(ErrorCode code) => NameOf((int)code);

    /// <summary>The HTTP status Google's REST APIs answer with for a code.</summary>
    public static int HttpStatusOf(ErrorCode code) => code switch
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
