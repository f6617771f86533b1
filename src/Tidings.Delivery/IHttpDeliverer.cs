namespace Tidings.Delivery;

/// <summary>Sends HTTP deliveries (push messages, task dispatches, scheduler jobs). Thread-safe.</summary>
public interface IHttpDeliverer
{
    /// <summary>
    /// Makes one attempt to post <paramref name="request"/>. Never throws for failures of the endpoint:
    /// they are reported in the result. No retries: backoff is the caller's policy.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled
    /// (a timeout of the attempt is reported as <see cref="DeliveryOutcome.TimedOut"/> instead).</exception>
    Task<DeliveryResult> SendAsync(HttpDeliveryRequest request, CancellationToken cancellationToken);
}
