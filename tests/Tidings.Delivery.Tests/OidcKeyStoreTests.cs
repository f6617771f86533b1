using Microsoft.Extensions.Time.Testing;
using Tidings.Delivery.Tests.Support;

namespace Tidings.Delivery.Tests;

public sealed class OidcKeyStoreTests
{
    private const string Issuer = "http://127.0.0.1:8085";
    private readonly FakeTimeProvider _time = new(TokenValidation.NowToTheSecond());

    [Fact]
    public async Task KeyStore_TwoIssuers_SignWithTheFirstKeyStored_AndServeOneJwks()
    {
        var store = new OneKeyStore();
        using var first = new OidcTokenIssuer(new OidcIssuerOptions { Issuer = Issuer, KeyStore = store }, _time);
        using var second = new OidcTokenIssuer(new OidcIssuerOptions { Issuer = Issuer, KeyStore = store }, _time);

        var token = first.CreateToken("sa@p.iam.gserviceaccount.com", "aud");
        var result = await TokenValidation.ValidateAsync(token, second.JwksJson(), Issuer, "aud");

        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal(first.JwksJson(), second.JwksJson());
        Assert.Equal(1, store.Created);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", store.Pem, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyStore_HoldingSomethingElse_IsInvalidData()
    {
        var store = new OneKeyStore { Pem = "not a key" };

        Assert.Throws<InvalidDataException>(() => new OidcTokenIssuer(new OidcIssuerOptions { Issuer = Issuer, KeyStore = store }, _time));
    }

    /// <summary>Keeps the first key made, as a shared store must.</summary>
    private sealed class OneKeyStore : IOidcKeyStore
    {
        public string? Pem { get; set; }

        public int Created { get; private set; }

        public string LoadOrCreatePem(Func<string> createPem)
        {
            if (Pem is null)
            {
                Created++;
                Pem = createPem();
            }
            return Pem;
        }
    }
}
