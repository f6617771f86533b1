using Tidings.Delivery;
using Tidings.Tasks.Persistence;

namespace Tidings.Tasks.Dispatch;

/// <summary>
/// A task claimed for one attempt: the record as written by the claim (its counts already include the attempt), the
/// store version the claim left it at, the request to send, and when the attempt started.
/// </summary>
internal sealed record DispatchClaim(string TaskId, TaskRecord Record, byte[] Payload, long Version, HttpDeliveryRequest Request,
    DateTimeOffset DispatchTime, bool Forced);
