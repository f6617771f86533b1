using Google.Cloud.PubSub.V1;
using Tidings.IntegrationTests.Faults;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;

namespace Tidings.IntegrationTests.Errors;

/// <summary>
/// A domain error with Google's details, shaped as Pub/Sub's exactly-once ack failure, raised from inside a real
/// Publish call: the failing store throws it where the engine appends, so it travels the same road as any
/// domain error (engine, interceptor, gRPC trailer or JSON transcoding, REST error middleware).
/// </summary>
internal static class DetailedErrors
{
    public const string Message = "Some acknowledgement ids in the request were invalid. This could be because the acknowledgement ids have expired or the acknowledgement ids were malformed.";

    public static TidingsException WithDetails() => new(
        ErrorCode.InvalidArgument,
        Message,
        new ErrorInfo("EXACTLY_ONCE_ACKID_FAILURE", PubSubErrors.Domain, new Dictionary<string, string>
        {
            ["ack-1"] = "PERMANENT_FAILURE_INVALID_ACK_ID",
            ["ack-2"] = "TRANSIENT_FAILURE_UNORDERED_ACK_ID",
        }),
        [new FieldViolation("ack_ids[0]", "expired"), new FieldViolation("ack_ids[1]", "out of order")]);

    public static TidingsException WithoutDetails() => new(ErrorCode.FailedPrecondition, "Subscription is detached.");

    /// <summary>Creates a topic in a fresh project, then makes the next appends throw <paramref name="error"/>.</summary>
    public static async Task<string> FailingTopicAsync(FailingStorageFixture server, Exception error)
    {
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{TidingsServerFixture.NewProject()}/topics/failing" });
        server.Store.NextAppendFailure = error;
        return topic.Name;
    }
}
