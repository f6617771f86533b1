namespace Tidings.PubSub.Errors;

/// <summary>The canonical error codes the domain raises; the API layer maps them to gRPC and HTTP status.</summary>
public enum ErrorCode
{
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
}
