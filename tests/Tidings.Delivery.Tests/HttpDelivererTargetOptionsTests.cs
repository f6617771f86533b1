using Microsoft.IdentityModel.JsonWebTokens;
using Tidings.Delivery.Tests.Support;
using static Tidings.Delivery.Tests.Support.DelivererFixture;

namespace Tidings.Delivery.Tests;

/// <summary>What Cloud Tasks and Cloud Scheduler targets ask of a delivery beyond push: method, no content type, OAuth, redirects.</summary>
public sealed class HttpDelivererTargetOptionsTests : IClassFixture<HttpSink>, IDisposable
{
    private readonly OidcTokenIssuer _issuer = NewIssuer();
    private readonly HttpSink _sink;
    private readonly HttpDeliverer _deliverer;

    public HttpDelivererTargetOptionsTests(HttpSink sink)
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
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task SendAsync_Method_IsSentAsGiven(string method)
    {
        var result = await _deliverer.SendAsync(Request(_sink.Url("/m")) with { Method = method }, CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(method, (await _sink.WaitForRequestAsync()).Method);
    }

    [Fact]
    public async Task SendAsync_NoContentTypeAndEmptyBody_SendsNeither()
    {
        var request = Request(_sink.Url("/bare"), body: [], contentType: null) with { Method = "GET" };

        await _deliverer.SendAsync(request, CancellationToken.None);

        var received = await _sink.WaitForRequestAsync();
        Assert.Null(received.Header("Content-Type"));
        Assert.Empty(received.Body);
    }

    [Fact]
    public async Task SendAsync_NoContentTypeWithBody_SendsTheBodyWithoutContentType()
    {
        await _deliverer.SendAsync(Request(_sink.Url("/raw"), body: [1, 2, 3], contentType: null), CancellationToken.None);

        var received = await _sink.WaitForRequestAsync();
        Assert.Null(received.Header("Content-Type"));
        Assert.Equal(new byte[] { 1, 2, 3 }, received.Body);
    }

    [Fact]
    public async Task SendAsync_WithOAuth_SendsSignedAccessTokenOverTheCallersAuthorization()
    {
        var request = Request(_sink.Url("/api"), headers: [new("Authorization", "Bearer caller")]) with
        {
            OAuth = new OAuthTokenRequest("worker@p.iam.gserviceaccount.com", "https://www.googleapis.com/auth/cloud-platform"),
        };

        await _deliverer.SendAsync(request, CancellationToken.None);

        var authorization = (await _sink.WaitForRequestAsync()).Header("Authorization");
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var token = authorization!["Bearer ".Length..];
        var validation = await TokenValidation.ValidateAsync(token, _issuer.JwksJson(), Issuer, audience: Issuer);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var jwt = new JsonWebToken(token);
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", jwt.GetClaim("scope").Value);
        Assert.Equal("worker@p.iam.gserviceaccount.com", jwt.GetClaim("email").Value);
    }

    [Fact]
    public async Task SendAsync_HostGiven_ConnectsToTheEndpointAndNamesTheHost()
    {
        await _deliverer.SendAsync(Request(_sink.Url("/routed")) with { Host = "v2.worker.localhost:8080" }, CancellationToken.None);

        var received = await _sink.WaitForRequestAsync();
        Assert.Equal("/routed", received.PathAndQuery);
        Assert.Equal("v2.worker.localhost:8080", received.Header("Host"));
    }

    [Theory]
    [InlineData(302, "GET", 0)]
    [InlineData(303, "GET", 0)]
    [InlineData(307, "POST", 2)]
    [InlineData(308, "POST", 2)]
    public async Task SendAsync_FollowingRedirects_ReportsTheFinalAnswer(int redirect, string methodAfter, int bodyAfter)
    {
        _sink.Respond = context =>
        {
            if (context.Request.Path == "/from")
            {
                context.Response.StatusCode = redirect;
                context.Response.Headers.Location = "/to";
            }
            else
            {
                context.Response.StatusCode = 202;
            }
            return Task.CompletedTask;
        };

        var result = await _deliverer.SendAsync(
            Request(_sink.Url("/from"), body: [7, 8]) with { FollowRedirects = true }, CancellationToken.None);

        Assert.Equal(202, result.StatusCode);
        var final = _sink.Requests.Last();
        Assert.Equal("/to", final.PathAndQuery);
        Assert.Equal(methodAfter, final.Method);
        Assert.Equal(bodyAfter, final.Body.Length);
    }

    [Fact]
    public async Task SendAsync_EndlessRedirects_StopsAfterTheLimitWithTheLast3xx()
    {
        _sink.Respond = context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "/again";
            return Task.CompletedTask;
        };

        var result = await _deliverer.SendAsync(Request(_sink.Url("/loop")) with { FollowRedirects = true }, CancellationToken.None);

        Assert.Equal(307, result.StatusCode);
        Assert.Equal(HttpDeliverer.MaxRedirects + 1, _sink.Requests.Count);
    }
}
