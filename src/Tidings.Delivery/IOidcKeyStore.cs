namespace Tidings.Delivery;

/// <summary>
/// Keeps the signing key of <see cref="OidcTokenIssuer"/> where several servers read it, so they all sign with one
/// key and serve one JWKS (a cluster's database). Implementations must let the first key stored win: servers
/// starting together must end up with the same key.
/// </summary>
public interface IOidcKeyStore
{
    /// <summary>
    /// The stored key, a PKCS#8 RSA private key in PEM. When none is stored yet, stores the one
    /// <paramref name="createPem"/> makes, unless another server stored one first, and returns whichever was stored.
    /// </summary>
    string LoadOrCreatePem(Func<string> createPem);
}
