namespace Tidings.Delivery;

/// <summary>
/// Mints the RS256 OIDC identity tokens attached to deliveries, and publishes the discovery document and
/// JWKS that receivers validate them with. Thread-safe.
/// </summary>
public interface IOidcTokenIssuer
{
    /// <summary>The <c>iss</c> claim of every token, e.g. <c>http://127.0.0.1:8085</c>.</summary>
    string Issuer { get; }

    /// <summary>
    /// A signed JWT for <paramref name="serviceAccountEmail"/> and <paramref name="audience"/>, valid for one
    /// hour from its <c>iat</c>. May return a cached token with at least about five minutes of validity left.
    /// </summary>
    string CreateToken(string serviceAccountEmail, string audience);

    /// <summary>The OpenID Connect discovery document (<c>/.well-known/openid-configuration</c>) as JSON.</summary>
    string OpenIdConfigurationJson();

    /// <summary>The JSON Web Key Set with the public signing key, served at the discovery document's <c>jwks_uri</c>.</summary>
    string JwksJson();
}
