namespace Tidings.Delivery;

/// <summary>Settings of <see cref="OidcTokenIssuer"/>.</summary>
public sealed class OidcIssuerOptions
{
    /// <summary>
    /// The issuer URL: the <c>iss</c> claim and the base of <c>jwks_uri</c>, without a trailing slash,
    /// e.g. <c>http://127.0.0.1:8085</c>. Required.
    /// </summary>
    public required string Issuer { get; init; }

    /// <summary>
    /// The directory holding the signing key (created if missing). The key is generated on first use, written
    /// there as a PKCS#8 PEM file readable only by its owner, and reused across restarts so tokens stay
    /// verifiable. <c>null</c> (default): an ephemeral key held in memory, new at every start.
    /// </summary>
    public string? KeyDirectory { get; init; }

    /// <summary>
    /// A store that several servers share for the signing key (a cluster's database); when set, it is used instead
    /// of <see cref="KeyDirectory"/>. <c>null</c> (default): none.
    /// </summary>
    public IOidcKeyStore? KeyStore { get; init; }

    /// <summary>
    /// Where the JWKS is served, when not at <see cref="Issuer"/> (a cluster node names the cluster's issuer and serves
    /// the keys at its own address): the base of <c>jwks_uri</c>. <c>null</c> (default): <see cref="Issuer"/>.
    /// </summary>
    public string? JwksBaseUrl { get; init; }

    /// <summary>The path of the JWKS below <see cref="Issuer"/> (or <see cref="JwksBaseUrl"/>). Default <c>/oauth2/v3/certs</c>, Google's.</summary>
    public string JwksPath { get; init; } = "/oauth2/v3/certs";
}
