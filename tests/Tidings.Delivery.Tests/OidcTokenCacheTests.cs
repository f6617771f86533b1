using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Tidings.Delivery.Tests.Support;

namespace Tidings.Delivery.Tests;

public sealed class OidcTokenCacheTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TokenValidation.NowToTheSecond());
    private readonly OidcTokenIssuer _issuer;

    public OidcTokenCacheTests() => _issuer = SharedKey.NewIssuer("http://issuer", _time);

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public void CreateToken_WithFiveMinutesLeft_ReturnsCachedToken()
    {
        var first = _issuer.CreateToken("sa@p.iam.gserviceaccount.com", "aud");

        _time.Advance(TimeSpan.FromMinutes(55));

        Assert.Same(first, _issuer.CreateToken("sa@p.iam.gserviceaccount.com", "aud"));
    }

    [Fact]
    public void CreateToken_WithLessThanFiveMinutesLeft_MintsNewToken()
    {
        var first = _issuer.CreateToken("sa@p.iam.gserviceaccount.com", "aud");
        var firstIssuedAt = new JsonWebToken(first).IssuedAt;

        _time.Advance(TimeSpan.FromMinutes(55) + TimeSpan.FromSeconds(1));
        var second = _issuer.CreateToken("sa@p.iam.gserviceaccount.com", "aud");

        Assert.NotEqual(first, second);
        Assert.Equal(firstIssuedAt.AddSeconds(55 * 60 + 1), new JsonWebToken(second).IssuedAt);
        Assert.Same(second, _issuer.CreateToken("sa@p.iam.gserviceaccount.com", "aud"));
    }

    [Fact]
    public void CreateToken_PerEmailAndAudience_CachedSeparately()
    {
        var a = _issuer.CreateToken("a@p.iam.gserviceaccount.com", "aud1");
        var b = _issuer.CreateToken("a@p.iam.gserviceaccount.com", "aud2");
        var c = _issuer.CreateToken("c@p.iam.gserviceaccount.com", "aud1");

        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
        Assert.Same(a, _issuer.CreateToken("a@p.iam.gserviceaccount.com", "aud1"));
        Assert.Equal("aud2", Assert.Single(new JsonWebToken(b).Audiences));
    }
}
