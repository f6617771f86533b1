using System.Collections.Concurrent;
using Tidings.Delivery;

namespace Tidings.Tasks.Tests.Support;

/// <summary>Records task dispatches and answers them as the test scripts (200 by default), without any network.</summary>
internal sealed class FakeDeliverer : IHttpDeliverer
{
    private readonly ConcurrentQueue<Func<HttpDeliveryRequest, Task<DeliveryResult>>> _script = new();

    private int _active;
    private int _maxActive;

    public ConcurrentQueue<HttpDeliveryRequest> Requests { get; } = new();

    /// <summary>The clock's time at each request, in order (with <see cref="Clock"/> set).</summary>
    public ConcurrentQueue<DateTimeOffset> SentAt { get; } = new();

    /// <summary>The clock <see cref="SentAt"/> reads.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The most requests that were unanswered at one time.</summary>
    public int MaxActive => Volatile.Read(ref _maxActive);

    /// <summary>Requests sent and not answered yet.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>How requests beyond the scripted ones are answered.</summary>
    public Func<HttpDeliveryRequest, Task<DeliveryResult>> Respond { get; set; } = _ => Task.FromResult(Status(200));

    public int Count => Requests.Count;

    /// <summary>The next requests are answered with these statuses, in order.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(_ => Task.FromResult(Status(status)));
        }
    }

    /// <summary>The next request is answered by <paramref name="respond"/>.</summary>
    public void Answer(Func<HttpDeliveryRequest, Task<DeliveryResult>> respond) => _script.Enqueue(respond);

    public async Task<DeliveryResult> SendAsync(HttpDeliveryRequest request, CancellationToken cancellationToken)
    {
        var active = Interlocked.Increment(ref _active);
        for (var max = MaxActive; active > max; max = MaxActive)
        {
            Interlocked.CompareExchange(ref _maxActive, active, max);
        }
        SentAt.Enqueue(Clock.GetUtcNow());
        Requests.Enqueue(request);
        try
        {
            var respond = _script.TryDequeue(out var scripted) ? scripted : Respond;
            return await respond(request).WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    public HttpDeliveryRequest Request(int index) => Requests.ElementAt(index);

    public static DeliveryResult Status(int code) => new(DeliveryOutcome.Responded, code, TimeSpan.Zero, null);

    public static DeliveryResult TimedOut() => new(DeliveryOutcome.TimedOut, 0, TimeSpan.Zero, "timed out");

    /// <summary>The value of a header of the request (last one of that name, as the receiver would see it), or null.</summary>
    public static string? Header(HttpDeliveryRequest request, string name) =>
        request.Headers.LastOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
