using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>How the receiver answers one request.</summary>
public enum PushReplyKind
{
    /// <summary>Answers <see cref="PushReply.StatusCode"/> with an empty body.</summary>
    Status,

    /// <summary>Never answers until <see cref="PushReceiver.ReleaseHanging"/> (or the client gives up).</summary>
    Hang,

    /// <summary>Drops the connection without an answer.</summary>
    CloseConnection,
}

/// <summary>One scripted answer of the <see cref="PushReceiver"/>.</summary>
public sealed record PushReply(PushReplyKind Kind, int StatusCode)
{
    public static PushReply Ok { get; } = Status(200);

    public static PushReply Hang { get; } = new(PushReplyKind.Hang, 0);

    public static PushReply CloseConnection { get; } = new(PushReplyKind.CloseConnection, 0);

    public static PushReply Status(int statusCode) => new(PushReplyKind.Status, statusCode);

    public override string ToString() => Kind == PushReplyKind.Status ? $"{StatusCode}" : Kind.ToString();
}

/// <summary>A request as the receiver got it. Header names are case-insensitive; repeated values are joined with ", ".</summary>
public sealed class ReceivedPush
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ReceivedPush(int number, string method, string path, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        Number = number;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        ArrivedAt = DateTimeOffset.UtcNow;
        ArrivedTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>1 for the first request the receiver got, and so on.</summary>
    public int Number { get; }

    public string Method { get; }

    /// <summary>Path and query.</summary>
    public string Path { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    /// <summary>The scripted answer (for <see cref="PushReceiver.Script"/>, not yet decided: <see cref="PushReply.Ok"/>).</summary>
    public PushReply Reply { get; internal set; } = PushReply.Ok;

    /// <summary>Wall-clock arrival time.</summary>
    public DateTimeOffset ArrivedAt { get; }

    /// <summary>Arrival as a <see cref="Stopwatch"/> timestamp, for measuring gaps.</summary>
    public long ArrivedTimestamp { get; }

    /// <summary>The status actually sent, once the exchange is over; null when none was (hang aborted, connection closed).</summary>
    public int? AnsweredStatus { get; private set; }

    /// <summary>True when the client went away while the request was hanging.</summary>
    public bool ClientAborted { get; private set; }

    /// <summary>Completes when the exchange has ended, however it ended.</summary>
    public Task Finished => _finished.Task;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The parsed body; a copy, so it outlives nothing.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    /// <summary>The pushed message's id: from the wrapped JSON, else the <c>x-goog-pubsub-message-id</c> header.</summary>
    public string? MessageId
    {
        get
        {
            if (Header("x-goog-pubsub-message-id") is { } header)
            {
                return header;
            }
            try
            {
                return Json().GetProperty("message").GetProperty("messageId").GetString();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    internal void Finish(int? status, bool aborted)
    {
        AnsweredStatus = status;
        ClientAborted = aborted;
        _finished.TrySetResult();
    }

    public override string ToString() => $"#{Number} {Method} {Path} -> {Reply}{(ClientAborted ? " (aborted by client)" : "")}";
}

/// <summary>
/// A push endpoint for tests: Kestrel on 127.0.0.1 (a free port, or a given one to come back on the same address),
/// HTTP/1.1, that records every request to its own path and answers as scripted: queued replies first
/// (<see cref="Enqueue"/>, <see cref="FailTimes"/>), then <see cref="Script"/>, then <see cref="DefaultReply"/> (200).
/// Requests to other paths (a push left over from another test, say) get 404 and are only counted in
/// <see cref="Strays"/>. Thread-safe.
/// </summary>
public sealed class PushReceiver : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedPush> _requests = [];
    private readonly Queue<PushReply> _queued = new();
    private readonly string _path;
    private TaskCompletionSource<int> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private int _strays;

    private PushReceiver(string? path) => _path = path ?? $"/push/{Guid.NewGuid():N}";

    /// <summary>The answer when nothing is queued and <see cref="Script"/> does not decide. Default 200.</summary>
    public PushReply DefaultReply { get; set; } = PushReply.Ok;

    /// <summary>
    /// Decides the answer to a request (null: fall through to <see cref="DefaultReply"/>). Runs under the receiver's
    /// lock, in arrival order: keep it quick.
    /// </summary>
    public Func<ReceivedPush, PushReply?>? Script { get; set; }

    public int Port { get; private set; }

    /// <summary>The endpoint to give a push config: this receiver's own path.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}{_path}";

    /// <summary>The path part of <see cref="Endpoint"/>, to start a successor on the same endpoint.</summary>
    public string Path => _path;

    /// <summary>Requests that were not for <see cref="Endpoint"/>.</summary>
    public int Strays => Volatile.Read(ref _strays);

    /// <summary>A snapshot of the requests so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedPush> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>
    /// Starts a receiver on a free port and a path of its own, or on <paramref name="port"/> and
    /// <paramref name="path"/> (to come back on the <see cref="Endpoint"/> of a stopped one).
    /// </summary>
    public static async Task<PushReceiver> StartAsync(int port = 0, string? path = null)
    {
        var receiver = new PushReceiver(path);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, port);
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.UTF8; // attribute headers may be any Unicode
        });
        receiver._app = builder.Build();
        receiver._app.Run(receiver.HandleAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Port = new Uri(address).Port;
        return receiver;
    }

    /// <summary>The next requests get these answers, in order, before <see cref="Script"/> and <see cref="DefaultReply"/>.</summary>
    public void Enqueue(params PushReply[] replies)
    {
        lock (_lock)
        {
            foreach (var reply in replies)
            {
                _queued.Enqueue(reply);
            }
        }
    }

    /// <summary>The next <paramref name="times"/> requests get <paramref name="statusCode"/>; later ones as before.</summary>
    public void FailTimes(int times, int statusCode = 503) =>
        Enqueue([.. Enumerable.Repeat(PushReply.Status(statusCode), times)]);

    /// <summary>Answers every request hanging now with <paramref name="statusCode"/>; later hangs wait for the next release.</summary>
    public void ReleaseHanging(int statusCode = 200)
    {
        TaskCompletionSource<int> released;
        lock (_lock)
        {
            released = _release;
            _release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        released.TrySetResult(statusCode);
    }

    /// <summary>Waits until the <paramref name="number"/>-th request (1-based) has arrived and returns it.</summary>
    public async Task<ReceivedPush> WaitForRequestAsync(int number, int timeoutMs = 10_000)
    {
        await WaitUntilAsync(requests => requests.Count >= number, $"request #{number}", timeoutMs);
        return Requests[number - 1];
    }

    /// <summary>Polls <paramref name="condition"/> over the requests until it holds, or fails after the deadline.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<ReceivedPush>, bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition(Requests))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException(
                    $"Timed out after {timeoutMs} ms waiting for {what}; the receiver got {Count} requests: " +
                    string.Join(", ", Requests) + (Strays > 0 ? $" and {Strays} strays" : ""));
            }
            await Task.Delay(10);
        }
    }

    /// <summary>The requests answered with a 2xx so far.</summary>
    public IReadOnlyList<ReceivedPush> Succeeded() =>
        [.. Requests.Where(r => r.AnsweredStatus is >= 200 and < 300)];

    public async ValueTask DisposeAsync()
    {
        ReleaseHanging(503);
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(stopping.Token);
        }
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return; // the client went away mid-body
        }
        if (request.Path != _path)
        {
            Interlocked.Increment(ref _strays);
            context.Response.StatusCode = 404;
            return;
        }
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        ReceivedPush push;
        PushReply reply;
        TaskCompletionSource<int> release;
        lock (_lock)
        {
            push = new ReceivedPush(_requests.Count + 1, request.Method, request.Path + request.QueryString, headers, body.ToArray());
            reply = _queued.TryDequeue(out var queued) ? queued : Script?.Invoke(push) ?? DefaultReply;
            push.Reply = reply;
            _requests.Add(push);
            release = _release;
        }
        switch (reply.Kind)
        {
            case PushReplyKind.Status:
                context.Response.StatusCode = reply.StatusCode;
                push.Finish(reply.StatusCode, aborted: false);
                return;
            case PushReplyKind.CloseConnection:
                context.Abort();
                push.Finish(null, aborted: false);
                return;
            default:
                var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (context.RequestAborted.Register(() => aborted.TrySetResult()))
                {
                    var winner = await Task.WhenAny(release.Task, aborted.Task);
                    if (winner == release.Task && !context.RequestAborted.IsCancellationRequested)
                    {
                        context.Response.StatusCode = release.Task.Result;
                        push.Finish(release.Task.Result, aborted: false);
                    }
                    else
                    {
                        push.Finish(null, aborted: true);
                    }
                }
                return;
        }
    }
}
