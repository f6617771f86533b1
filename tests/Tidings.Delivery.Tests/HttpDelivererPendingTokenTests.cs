using Microsoft.Extensions.Time.Testing;
using static Tidings.Delivery.Tests.Support.DelivererFixture;

namespace Tidings.Delivery.Tests;

/// <summary>
/// An issuer that cannot sign yet (its server does not know its own address) holds a delivery asynchronously,
/// inside the attempt's timeout: the attempt times out like an endpoint that does not answer, and the caller's
/// cancellation still ends it at once.
/// </summary>
public sealed class HttpDelivererPendingTokenTests
{
    private static readonly Uri Unreached = new("http://127.0.0.1:9/push");
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task SendAsync_TokenNotReadyWithinTimeout_ReportsTimedOut()
    {
        using var deliverer = NewDeliverer(new PendingIssuer(), time: _time);

        var sending = deliverer.SendAsync(Request(Unreached, timeout: TimeSpan.FromSeconds(5), oidc: new OidcTokenRequest("sa@p.iam.gserviceaccount.com", "aud")), CancellationToken.None);
        Assert.False(sending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));

        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
    }

    [Fact]
    public async Task SendAsync_CancelledWhileWaitingForTheToken_Throws()
    {
        using var deliverer = NewDeliverer(new PendingIssuer(), time: _time);
        using var cancel = new CancellationTokenSource();

        var sending = deliverer.SendAsync(Request(Unreached, oidc: new OidcTokenRequest("sa@p.iam.gserviceaccount.com", "aud")), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Never ready: every request waits until its token is cancelled.</summary>
    private sealed class PendingIssuer : IOidcTokenIssuer
    {
        public async ValueTask<string> CreateTokenAsync(string serviceAccountEmail, string audience, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "";
        }

        public async ValueTask<string> CreateAccessTokenAsync(string serviceAccountEmail, string scope, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "";
        }

        public ValueTask<string> OpenIdConfigurationJsonAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<string> JwksJsonAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
