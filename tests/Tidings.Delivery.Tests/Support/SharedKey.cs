using Microsoft.Extensions.Time.Testing;

namespace Tidings.Delivery.Tests.Support;

/// <summary>
/// One ephemeral signing key for the tests whose subject is not key creation: generating a 2048-bit RSA
/// key takes a noticeable fraction of a second, more on a busy machine.
/// </summary>
internal static class SharedKey
{
    private static readonly Lazy<OidcSigningKey> Key = new(OidcSigningKey.CreateEphemeral);

    /// <summary>An issuer on the shared key; disposing it leaves the key alone.</summary>
    public static OidcTokenIssuer NewIssuer(string issuer, TimeProvider? time = null, string jwksPath = "/oauth2/v3/certs") =>
        new(new OidcIssuerOptions { Issuer = issuer, JwksPath = jwksPath },
            time ?? new FakeTimeProvider(TokenValidation.NowToTheSecond()), Key.Value, ownsKey: false);
}
