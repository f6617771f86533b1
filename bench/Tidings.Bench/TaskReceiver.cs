using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tidings.Bench;

/// <summary>
/// The local target of the Cloud Tasks scenarios: Kestrel on a free loopback port answering every request 200 at
/// once, counting them, and recording how late each arrived after its <c>X-CloudTasks-TaskETA</c> (the task's
/// schedule time, microseconds) by the wall clock. A phase may watch only the queues whose id starts with a prefix:
/// the others' requests are counted apart (<see cref="OtherCount"/>).
/// </summary>
internal sealed class TaskReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private List<double> _latenessMs = new();
    private long _count;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _target = long.MaxValue;
    private long _others;
    private string _watched = "";

    private TaskReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Requests of this phase from queues it does not watch.</summary>
    public long OtherCount => Interlocked.Read(ref _others);

    public static async Task<TaskReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new TaskReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/task";
        return receiver;
    }

    /// <summary>Starts a new phase: counts from zero, completes <see cref="WaitAsync"/> at <paramref name="target"/> requests.</summary>
    /// <param name="watchedQueuePrefix">Only queues whose id starts with it count and are timed ("" for all).</param>
    public void Reset(long target, string watchedQueuePrefix = "")
    {
        lock (_lock)
        {
            _latenessMs = new List<double>();
            _watched = watchedQueuePrefix;
            Interlocked.Exchange(ref _count, 0);
            Interlocked.Exchange(ref _others, 0);
            _target = target;
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _reached.Task.WaitAsync(timeout, cancellationToken);

    /// <summary>The lateness of this phase's requests, sorted, in milliseconds.</summary>
    public double[] Lateness()
    {
        lock (_lock)
        {
            var sorted = _latenessMs.ToArray();
            Array.Sort(sorted);
            return sorted;
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        var now = DateTimeOffset.UtcNow;
        context.Response.StatusCode = 200;
        var watched = Volatile.Read(ref _watched);
        if (watched.Length > 0 && !(context.Request.Headers["X-CloudTasks-QueueName"] is [{ } queue] && queue.StartsWith(watched, StringComparison.Ordinal)))
        {
            Interlocked.Increment(ref _others);
            return Task.CompletedTask;
        }
        if (context.Request.Headers["X-CloudTasks-TaskETA"] is [{ } eta]
            && decimal.TryParse(eta, NumberStyles.Number, CultureInfo.InvariantCulture, out var seconds))
        {
            var late = (now - DateTimeOffset.UnixEpoch).TotalMilliseconds - (double)(seconds * 1000m);
            lock (_lock)
            {
                _latenessMs.Add(late);
            }
        }
        if (Interlocked.Increment(ref _count) >= Volatile.Read(ref _target))
        {
            _reached.TrySetResult();
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static long Elapsed(long start) => (long)((Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency);
}
