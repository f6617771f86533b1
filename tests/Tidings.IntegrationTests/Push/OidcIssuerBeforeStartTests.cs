using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Configuration;
using Tidings.Delivery;
using Tidings.Hosting;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Push;

/// <summary>
/// A push with an OIDC token asked for before the server listens (one recovered at start-up, say) waits for the
/// bound port without holding a thread. Regression: the token issuer blocked the pushing thread for up to 30 s.
/// </summary>
public sealed class OidcIssuerBeforeStartTests
{
    [Fact]
    public async Task SignedPush_BeforeTheServerListens_DoesNotBlockAndCarriesTheBoundAddress()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var app = TidingsHost.Build(new TidingsOptions { Host = "127.0.0.1", Port = 0, InMemory = true });
        var deliverer = app.Services.GetRequiredService<IHttpDeliverer>();
        var request = new HttpDeliveryRequest(new Uri(receiver.Endpoint), "{}"u8.ToArray(), "application/json", [],
            TimeSpan.FromSeconds(30), new OidcTokenRequest("pusher@p.iam.gserviceaccount.com", receiver.Endpoint));

        var watch = Stopwatch.StartNew();
        var sending = deliverer.SendAsync(request, CancellationToken.None);
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"SendAsync held the calling thread for {watch.Elapsed}");
        Assert.False(sending.IsCompleted, "a token was issued before the server knew its address");

        await app.StartAsync();
        try
        {
            var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(200, result.StatusCode);
            var address = new Uri($"http://127.0.0.1:{app.GetBoundPort()}");
            var discovery = await OidcDiscovery.FetchAsync(address);
            Assert.Equal(address.GetLeftPart(UriPartial.Authority), discovery.Issuer);
            var token = await discovery.ValidateAsync(Assert.Single(receiver.Requests).Header("Authorization"), receiver.Endpoint, validateLifetime: true);
            Assert.Equal(discovery.Issuer, token.Issuer);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
