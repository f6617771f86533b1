namespace Tidings.PubSub.Errors;

/// <summary>
/// The catalogue of errors with Google's texts. Keeping them in one place lets a test pin every message.
/// </summary>
public static class PubSubErrors
{
    public static PubSubException AlreadyExists(string id) =>
        new(ErrorCode.AlreadyExists, $"Resource already exists in the project (resource={id}).");

    public static PubSubException NotFound(string id) =>
        new(ErrorCode.NotFound, $"Resource not found (resource={id}).");

    public static PubSubException InvalidName(string collection, string name) =>
        new(ErrorCode.InvalidArgument, $"Invalid [{collection}] name: (name={name})");

    public static PubSubException InvalidArgument(string message) => new(ErrorCode.InvalidArgument, message);

    public static PubSubException FailedPrecondition(string message) => new(ErrorCode.FailedPrecondition, message);

    public static PubSubException InvalidAckId(string ackId) =>
        new(ErrorCode.InvalidArgument, $"You have passed an invalid ack ID to the service (ack_id={ackId}).");

    public static PubSubException SubscriptionDetached() =>
        new(ErrorCode.FailedPrecondition, "Subscription is detached.");

    /// <summary>A field whose feature Tidings does not have yet: refused rather than silently ignored.</summary>
    public static PubSubException NotSupportedYet(string field) =>
        new(ErrorCode.InvalidArgument, $"The field {field} is not supported by this Tidings server yet.");

    public static PubSubException Unimplemented(string what) =>
        new(ErrorCode.Unimplemented, $"{what} is not implemented by this Tidings server yet.");
}
