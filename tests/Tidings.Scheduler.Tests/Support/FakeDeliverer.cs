using System.Collections.Concurrent;
using Tidings.Delivery;

namespace Tidings.Scheduler.Tests.Support;

/// <summary>Records the requests a job sends and answers them as the test scripts (200 by default), without any network.</summary>
internal sealed class FakeDeliverer : IHttpDeliverer
{
    public ConcurrentQueue<HttpDeliveryRequest> Requests { get; } = new();

    /// <summary>How each request is answered; may return a task that completes later to model a slow endpoint.</summary>
    public Func<HttpDeliveryRequest, Task<DeliveryResult>> Respond { get; set; } = _ => Task.FromResult(Status(200));

    public int Count => Requests.Count;

    public Task<DeliveryResult> SendAsync(HttpDeliveryRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Respond(request).WaitAsync(cancellationToken);
    }

    public static DeliveryResult Status(int code) => new(DeliveryOutcome.Responded, code, TimeSpan.Zero, null);

    /// <summary>Answers the first <paramref name="failures"/> requests with <paramref name="code"/>, then 200.</summary>
    public void FailFirst(int failures, int code)
    {
        var seen = 0;
        Respond = _ => Task.FromResult(Status(Interlocked.Increment(ref seen) <= failures ? code : 200));
    }

    public string Header(HttpDeliveryRequest request, string name) =>
        request.Headers.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
