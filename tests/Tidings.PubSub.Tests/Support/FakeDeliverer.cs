using System.Collections.Concurrent;
using Tidings.Delivery;

namespace Tidings.PubSub.Tests.Support;

/// <summary>Records push requests and answers them as the test scripts (200 by default), without any network.</summary>
internal sealed class FakeDeliverer : IHttpDeliverer
{
    public ConcurrentQueue<HttpDeliveryRequest> Requests { get; } = new();

    /// <summary>How each request is answered; may return a task that completes later to model a slow endpoint.</summary>
    public Func<HttpDeliveryRequest, Task<DeliveryResult>> Respond { get; set; } =
        _ => Task.FromResult(new DeliveryResult(DeliveryOutcome.Responded, 200, TimeSpan.Zero, null));

    public Task<DeliveryResult> SendAsync(HttpDeliveryRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Respond(request).WaitAsync(cancellationToken);
    }

    public static DeliveryResult Status(int code) => new(DeliveryOutcome.Responded, code, TimeSpan.Zero, null);
}
