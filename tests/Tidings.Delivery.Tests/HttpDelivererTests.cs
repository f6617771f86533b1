using System.Text;
using Microsoft.AspNetCore.Http;
using Tidings.Delivery.Tests.Support;
using static Tidings.Delivery.Tests.Support.DelivererFixture;

namespace Tidings.Delivery.Tests;

public sealed class HttpDelivererTests : IClassFixture<HttpSink>, IDisposable
{
    private readonly OidcTokenIssuer _issuer = NewIssuer();
    private readonly HttpSink _sink;
    private readonly HttpDeliverer _deliverer;

    public HttpDelivererTests(HttpSink sink)
    {
        _sink = sink;
        _sink.Reset();
        _deliverer = NewDeliverer(_issuer);
    }

    public void Dispose()
    {
        _deliverer.Dispose();
        _issuer.Dispose();
    }

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(204)]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task SendAsync_AnyStatus_ReportsResponded(int status)
    {
        _sink.Respond = context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        };

        var result = await _deliverer.SendAsync(Request(_sink.Url("/push")), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryOutcome.Responded, status, result.Latency, null), result);
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [Fact]
    public async Task SendAsync_Redirect_IsReportedNotFollowed()
    {
        _sink.Respond = context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/elsewhere";
            return Task.CompletedTask;
        };

        var result = await _deliverer.SendAsync(Request(_sink.Url("/push")), CancellationToken.None);

        Assert.Equal(302, result.StatusCode);
        Assert.Equal("/push", Assert.Single(_sink.Requests).PathAndQuery);
    }

    [Fact]
    public async Task SendAsync_BodyAndHeaders_ArriveByteForByte()
    {
        var body = new byte[100_000];
        new Random(42).NextBytes(body);
        KeyValuePair<string, string>[] headers =
        [
            new("x-goog-pubsub-message-id", "2070443601311540"),
            new("x-goog-pubsub-subscription-name", "projects/p/subscriptions/s"),
            new("MyAttribute", "value with spaces, commas; and \"quotes\""),
            new("unicode-attr", "héllo wörld ✓"),
            new("Content-Language", "en"),
        ];

        var result = await _deliverer.SendAsync(
            Request(_sink.Url("/push?token=abc"), body, headers, contentType: "application/octet-stream"), CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        var received = Assert.Single(_sink.Requests);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/push?token=abc", received.PathAndQuery);
        Assert.Equal(body, received.Body);
        Assert.Equal("application/octet-stream", received.Header("Content-Type"));
        Assert.Equal("2070443601311540", received.Header("x-goog-pubsub-message-id"));
        Assert.Equal("projects/p/subscriptions/s", received.Header("x-goog-pubsub-subscription-name"));
        Assert.Equal("value with spaces, commas; and \"quotes\"", received.Header("MyAttribute"));
        Assert.Equal("héllo wörld ✓", received.Header("unicode-attr"));
        Assert.Equal("en", received.Header("Content-Language"));
        Assert.Null(received.Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_JsonContentType_SentAsGiven()
    {
        await _deliverer.SendAsync(Request(_sink.Url("/"), contentType: "application/json"), CancellationToken.None);

        Assert.Equal("application/json", Assert.Single(_sink.Requests).Header("Content-Type"));
    }

    [Fact]
    public async Task SendAsync_NoUserAgentGiven_SendsGooglesPushUserAgent()
    {
        await _deliverer.SendAsync(Request(_sink.Url("/")), CancellationToken.None);

        Assert.Equal(
            "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
            Assert.Single(_sink.Requests).Header("User-Agent"));
    }

    [Fact]
    public async Task SendAsync_CallerUserAgent_ReplacesGooglesUserAgent()
    {
        await _deliverer.SendAsync(Request(_sink.Url("/"), headers: [new("user-agent", "Google-Cloud-Tasks")]),
            CancellationToken.None);

        Assert.Equal("Google-Cloud-Tasks", Assert.Single(_sink.Requests).Header("User-Agent"));
    }

    [Fact]
    public async Task SendAsync_WithOidc_SendsValidBearerToken()
    {
        var oidc = new OidcTokenRequest("pusher@p.iam.gserviceaccount.com", "https://my-audience");

        await _deliverer.SendAsync(
            Request(_sink.Url("/"), headers: [new("Authorization", "Bearer caller-token")], oidc: oidc), CancellationToken.None);

        var authorization = Assert.Single(_sink.Requests).Header("Authorization");
        Assert.NotNull(authorization);
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var validation = await TokenValidation.ValidateAsync(
            authorization["Bearer ".Length..], _issuer.JwksJson(), Issuer, "https://my-audience");
        Assert.True(validation.IsValid, validation.Exception?.ToString());
        Assert.Equal("pusher@p.iam.gserviceaccount.com", validation.Claims["email"]);
    }

    [Fact]
    public async Task SendAsync_InvalidHeaders_AreSkipped_AndTheRestArrive()
    {
        KeyValuePair<string, string>[] headers =
        [
            new("bad name", "x"),
            new("bad:name", "x"),
            new("", "x"),
            new("brøken", "x"),
            new("x-injection", "a\r\nInjected: yes"),
            new("x-nul", "a\0b"),
            new("Host", "evil.example"),
            new("Content-Length", "1"),
            new("Transfer-Encoding", "chunked"),
            new("Content-Type", "text/evil"),
            new("x-good", "kept"),
        ];

        var result = await _deliverer.SendAsync(Request(_sink.Url("/"), headers: headers), CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        var received = Assert.Single(_sink.Requests);
        Assert.Equal("kept", received.Header("x-good"));
        Assert.Equal("application/json", received.Header("Content-Type"));
        Assert.Equal(_sink.BaseUri.Authority, received.Header("Host"));
        Assert.Equal("2", received.Header("Content-Length"));
        Assert.Null(received.Header("x-injection"));
        Assert.Null(received.Header("Injected"));
        Assert.Null(received.Header("x-nul"));
        Assert.DoesNotContain(received.Headers.Keys, name => name.Contains("bad", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_LargeResponseBody_IsDrainedUpToCap()
    {
        _sink.Respond = context => context.Response.Body.WriteAsync(new byte[1_000_000]).AsTask();

        var result = await _deliverer.SendAsync(Request(_sink.Url("/")), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Responded, result.Outcome);
        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task SendAsync_StatusThenStalledBody_RespondedWhenTimeoutEndsTheDrain()
    {
        _sink.Respond = async context =>
        {
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("partial"));
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };

        // Long enough for the status line to arrive on a loaded machine (300 ms was not, once): the timeout must end
        // the drain of the body, not the wait for the answer.
        var result = await _deliverer.SendAsync(
            Request(_sink.Url("/"), timeout: TimeSpan.FromSeconds(2)), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Responded, result.Outcome);
        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task SendAsync_Sequential_ReusesPooledConnection()
    {
        for (var i = 0; i < 3; i++)
        {
            await _deliverer.SendAsync(Request(_sink.Url("/")), CancellationToken.None);
        }

        Assert.Equal(3, _sink.Requests.Count);
        Assert.Single(_sink.Requests.Select(r => r.ConnectionId).Distinct());
    }
}
