namespace Tidings.Delivery;

/// <summary>
/// Mints the RS256 OIDC identity tokens attached to deliveries, and publishes the discovery document and
/// JWKS that receivers validate them with. Asynchronous because an issuer may not know its own address yet (a
/// server on port 0 before it listens): callers wait for it without holding a thread. Thread-safe.
/// </summary>
public interface IOidcTokenIssuer
{
    /// <summary>
    /// A signed JWT for <paramref name="serviceAccountEmail"/> and <paramref name="audience"/>, valid for one
    /// hour from its <c>iat</c>. May return a cached token with at least about five minutes of validity left.
    /// </summary>
    ValueTask<string> CreateTokenAsync(string serviceAccountEmail, string audience, CancellationToken cancellationToken);

    /// <summary>
    /// An OAuth access token for <paramref name="serviceAccountEmail"/> granting <paramref name="scope"/>, valid for
    /// one hour. Google's are opaque; these are JWTs signed with the same key (audience: the issuer, plus a
    /// <c>scope</c> claim), so a receiver can check them against the JWKS too. May be cached like identity tokens.
    /// </summary>
    ValueTask<string> CreateAccessTokenAsync(string serviceAccountEmail, string scope, CancellationToken cancellationToken);

    /// <summary>The OpenID Connect discovery document (<c>/.well-known/openid-configuration</c>) as JSON.</summary>
    ValueTask<string> OpenIdConfigurationJsonAsync(CancellationToken cancellationToken);

    /// <summary>The JSON Web Key Set with the public signing key, served at the discovery document's <c>jwks_uri</c>.</summary>
    ValueTask<string> JwksJsonAsync(CancellationToken cancellationToken);
}
