namespace Tidings.Delivery;

/// <summary>The result of one delivery attempt.</summary>
/// <param name="Outcome">How the attempt ended.</param>
/// <param name="StatusCode">The HTTP status code when <paramref name="Outcome"/> is
/// <see cref="DeliveryOutcome.Responded"/>, otherwise 0.</param>
/// <param name="Latency">Time from the start of the attempt to its end, measured with the deliverer's
/// <see cref="TimeProvider"/>; <see cref="TimeSpan.Zero"/> for <see cref="DeliveryOutcome.NotAllowed"/>.</param>
/// <param name="Error">A human-readable reason for a failed attempt; <c>null</c> when the endpoint responded.</param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, int StatusCode, TimeSpan Latency, string? Error);
