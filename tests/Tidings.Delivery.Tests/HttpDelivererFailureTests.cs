using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Tidings.Delivery.Tests.Support;
using static Tidings.Delivery.Tests.Support.DelivererFixture;

namespace Tidings.Delivery.Tests;

public sealed class HttpDelivererFailureTests : IClassFixture<HttpSink>, IDisposable
{
    private readonly OidcTokenIssuer _issuer = NewIssuer();
    private readonly HttpSink _sink;

    public HttpDelivererFailureTests(HttpSink sink)
    {
        _sink = sink;
        _sink.Reset();
        // Handlers that never answer on their own; they end when the client gives up.
        _sink.Respond = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
    }

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public async Task SendAsync_NoAnswerWithinTimeout_ReportsTimedOut()
    {
        using var deliverer = NewDeliverer(_issuer);
        var stopwatch = Stopwatch.StartNew();

        var result = await deliverer.SendAsync(
            Request(_sink.Url("/slow"), timeout: TimeSpan.FromMilliseconds(300)), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        Assert.Equal(0, result.StatusCode);
        Assert.NotNull(result.Error);
        Assert.InRange(result.Latency, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_FakeClockPastTimeout_ReportsTimedOutWithThatLatency()
    {
        var time = new FakeTimeProvider();
        using var deliverer = NewDeliverer(_issuer, time: time);

        var sending = deliverer.SendAsync(Request(_sink.Url("/slow"), timeout: TimeSpan.FromSeconds(30)), CancellationToken.None);
        await _sink.WaitForRequestAsync();
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Latency);
    }

    [Fact]
    public async Task SendAsync_ClosedPort_ReportsConnectionFailed()
    {
        using var deliverer = NewDeliverer(_issuer);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await deliverer.SendAsync(Request(new Uri($"http://127.0.0.1:{port}/push")), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.ConnectionFailed, result.Outcome);
        Assert.Equal(0, result.StatusCode);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_UnsupportedScheme_ReportsConnectionFailedWithoutSending()
    {
        using var deliverer = NewDeliverer(_issuer);

        var result = await deliverer.SendAsync(Request(new Uri("ftp://127.0.0.1/x")), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.ConnectionFailed, result.Outcome);
    }

    [Fact]
    public async Task SendAsync_EndpointNotInAllowList_ReportsNotAllowedWithoutRequest()
    {
        using var deliverer = NewDeliverer(_issuer, new EndpointAllowList(["push.example.com"]));
        _sink.Respond = _ => Task.CompletedTask;

        var result = await deliverer.SendAsync(Request(_sink.Url("/push")), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryOutcome.NotAllowed, 0, TimeSpan.Zero, result.Error), result);
        Assert.NotNull(result.Error);
        Assert.Empty(_sink.Requests);
    }

    [Fact]
    public async Task SendAsync_EndpointInAllowList_IsSent()
    {
        using var deliverer = NewDeliverer(_issuer, new EndpointAllowList([_sink.BaseUri.Authority]));
        _sink.Respond = _ => Task.CompletedTask;

        var result = await deliverer.SendAsync(Request(_sink.Url("/push")), CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Single(_sink.Requests);
    }

    [Fact]
    public async Task SendAsync_CallerCancelsWhileWaiting_ThrowsOperationCanceled()
    {
        using var deliverer = NewDeliverer(_issuer);
        using var cancellation = new CancellationTokenSource();

        var sending = deliverer.SendAsync(Request(_sink.Url("/slow")), cancellation.Token);
        await _sink.WaitForRequestAsync();
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task SendAsync_AlreadyCancelled_ThrowsWithoutRequest()
    {
        using var deliverer = NewDeliverer(_issuer);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => deliverer.SendAsync(Request(_sink.Url("/")), new CancellationToken(canceled: true)));
        Assert.Empty(_sink.Requests);
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedWithoutAnswer_ReportsConnectionFailed()
    {
        using var deliverer = NewDeliverer(_issuer);
        _sink.Respond = context =>
        {
            context.Abort();
            return Task.CompletedTask;
        };

        var result = await deliverer.SendAsync(Request(_sink.Url("/")), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.ConnectionFailed, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }
}
