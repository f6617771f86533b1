using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Tidings.Delivery.Tests.Support;

namespace Tidings.Delivery.Tests;

public sealed class OidcTokenIssuerTests : IDisposable
{
    private const string Issuer = "http://127.0.0.1:8085";
    private const string Email = "pusher@my-project.iam.gserviceaccount.com";
    private const string Audience = "https://push.example.com/handler";

    private readonly FakeTimeProvider _time = new(TokenValidation.NowToTheSecond());
    private readonly OidcTokenIssuer _issuer;

    public OidcTokenIssuerTests() => _issuer = SharedKey.NewIssuer(Issuer, _time);

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public async Task CreateToken_ValidatesAgainstJwks_WithIssuerAndAudience()
    {
        var token = _issuer.CreateToken(Email, Audience);

        var result = await TokenValidation.ValidateAsync(token, _issuer.JwksJson(), Issuer, Audience);

        Assert.True(result.IsValid, result.Exception?.ToString());
    }

    [Fact]
    public async Task CreateToken_WrongAudienceOrIssuer_FailsValidation()
    {
        var token = _issuer.CreateToken(Email, Audience);

        Assert.False((await TokenValidation.ValidateAsync(token, _issuer.JwksJson(), Issuer, "https://other")).IsValid);
        Assert.False((await TokenValidation.ValidateAsync(token, _issuer.JwksJson(), "https://accounts.google.com", Audience)).IsValid);
    }

    [Fact]
    public void CreateToken_HeaderAndClaims_AreGooglesShape()
    {
        var token = new JsonWebToken(_issuer.CreateToken("a+b@p.iam.gserviceaccount.com", Audience));
        var now = _time.GetUtcNow().ToUnixTimeSeconds();

        Assert.Equal("RS256", token.Alg);
        Assert.Equal(_issuer.KeyId, token.Kid);
        Assert.Equal("JWT", token.Typ);
        var claims = JsonDocument.Parse(Base64UrlDecode(token.EncodedPayload)).RootElement;
        Assert.Equal(
            ["aud", "azp", "email", "email_verified", "exp", "iat", "iss", "sub"],
            claims.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Audience, claims.GetProperty("aud").GetString());
        Assert.Equal(Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal("a+b@p.iam.gserviceaccount.com", claims.GetProperty("email").GetString());
        Assert.True(claims.GetProperty("email_verified").GetBoolean());
        Assert.Equal(now, claims.GetProperty("iat").GetInt64());
        Assert.Equal(3600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        var sub = claims.GetProperty("sub").GetString()!;
        Assert.Matches("^1[0-9]{20}$", sub);
        Assert.Equal(sub, claims.GetProperty("azp").GetString());
    }

    [Fact]
    public void Subject_IsStablePerEmail_AndDiffersBetweenEmails()
    {
        using var other = SharedKey.NewIssuer("http://elsewhere");

        var first = new JsonWebToken(_issuer.CreateToken(Email, Audience)).Subject;
        var again = new JsonWebToken(other.CreateToken(Email, "https://another-audience")).Subject;
        var different = new JsonWebToken(_issuer.CreateToken("someone-else@p.iam.gserviceaccount.com", Audience)).Subject;

        Assert.Equal(first, again);
        Assert.NotEqual(first, different);
    }

    [Fact]
    public void OpenIdConfiguration_NamesIssuerJwksAndRs256()
    {
        var document = JsonDocument.Parse(_issuer.OpenIdConfigurationJson()).RootElement;

        Assert.Equal(Issuer, document.GetProperty("issuer").GetString());
        Assert.Equal(Issuer + "/oauth2/v3/certs", document.GetProperty("jwks_uri").GetString());
        Assert.Equal(["RS256"], Strings(document.GetProperty("id_token_signing_alg_values_supported")));
        Assert.Equal(["id_token"], Strings(document.GetProperty("response_types_supported")));
        Assert.Equal(["public"], Strings(document.GetProperty("subject_types_supported")));
        Assert.Contains("email", Strings(document.GetProperty("claims_supported")));
    }

    [Fact]
    public void OpenIdConfiguration_CustomJwksPathAndTrailingSlash_JoinedOnce()
    {
        using var issuer = SharedKey.NewIssuer("http://localhost:9000/", jwksPath: "/keys");

        Assert.Equal("http://localhost:9000/keys", issuer.JwksUri);
    }

    [Fact]
    public void Jwks_HasOneRsaSigningKey_WithTheTokensKid()
    {
        var key = Assert.Single(JsonDocument.Parse(_issuer.JwksJson()).RootElement.GetProperty("keys").EnumerateArray());

        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal(_issuer.KeyId, key.GetProperty("kid").GetString());
        Assert.Equal("AQAB", key.GetProperty("e").GetString());
        Assert.Equal(256, Base64UrlDecode(key.GetProperty("n").GetString()!).Length); // 2048 bits
    }

    [Fact]
    public void EphemeralIssuers_HaveDifferentKeys()
    {
        using var other = new OidcTokenIssuer(new OidcIssuerOptions { Issuer = Issuer }, _time);

        Assert.NotEqual(_issuer.KeyId, other.KeyId);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
