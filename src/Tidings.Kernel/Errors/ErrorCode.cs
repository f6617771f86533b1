namespace Tidings.Kernel.Errors;

/// <summary>
/// The canonical error codes (google.rpc.Code) a domain raises. The numbers are Google's, so the API layer maps
/// them to gRPC status by value and to HTTP status by Google's table.
/// </summary>
public enum ErrorCode
{
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}
