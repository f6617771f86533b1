using System.Collections.Concurrent;

namespace Tidings.Delivery;

/// <summary>
/// Mints RS256 identity tokens shaped like the ones Google attaches to push requests, Cloud Tasks and Cloud
/// Scheduler calls: header <c>{"alg":"RS256","kid":…,"typ":"JWT"}</c>, claims <c>iss</c>, <c>aud</c>,
/// <c>azp</c> and <c>sub</c> (a stable 21-digit id derived from the email), <c>email</c>,
/// <c>email_verified</c>, <c>iat</c> and <c>exp</c> (<c>iat</c> + 1 hour).
/// Compatibility caveat: <c>iss</c> is <see cref="OidcIssuerOptions.Issuer"/>, not
/// <c>https://accounts.google.com</c>, and tokens are signed with this server's key, so receivers must take
/// keys from this server's JWKS rather than Google's. Tokens are cached per (email, audience) and re-minted
/// once less than <see cref="RefreshMargin"/> of validity remains. Thread-safe.
/// </summary>
public sealed partial class OidcTokenIssuer : IOidcTokenIssuer, IDisposable
{
    /// <summary>How long a token is valid: one hour, as Google's.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    /// <summary>A cached token with less validity than this left is replaced: five minutes.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>Past this many cached tokens, expired ones are dropped before a new one is added.</summary>
    private const int CacheSoftLimit = 10_000;

    private readonly OidcSigningKey _key;
    private readonly bool _ownsKey;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Email, string Audience, string? Scope), IssuedToken> _cache = new();

    /// <summary>Loads or creates the signing key as <paramref name="options"/> say.</summary>
    /// <param name="options">Issuer URL, key directory and JWKS path.</param>
    /// <param name="time">The clock of <c>iat</c>, <c>exp</c> and the token cache.</param>
    /// <exception cref="InvalidDataException">The key file in <see cref="OidcIssuerOptions.KeyDirectory"/>, or the key in
    /// <see cref="OidcIssuerOptions.KeyStore"/>, is not a valid key.</exception>
    public OidcTokenIssuer(OidcIssuerOptions options, TimeProvider time)
        : this(options, time, LoadKey(options), ownsKey: true)
    {
    }

    /// <summary>An issuer over an existing key: tests share one, as 2048-bit key generation is slow.</summary>
    internal OidcTokenIssuer(OidcIssuerOptions options, TimeProvider time, OidcSigningKey key, bool ownsKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.JwksPath);
        Issuer = options.Issuer;
        _time = time;
        _key = key;
        _ownsKey = ownsKey;
        JwksUri = (options.JwksBaseUrl ?? options.Issuer).TrimEnd('/') + "/" + options.JwksPath.TrimStart('/');
        _openIdConfiguration = BuildOpenIdConfiguration();
        _jwks = BuildJwks();
    }

    /// <summary>The <c>iss</c> claim of every token, e.g. <c>http://127.0.0.1:8085</c>.</summary>
    public string Issuer { get; }

    /// <summary>The <c>kid</c> of the signing key: its RFC 7638 thumbprint, stable while the key is kept.</summary>
    public string KeyId => _key.KeyId;

    /// <summary>Where the JWKS is served: <see cref="Issuer"/> (or <see cref="OidcIssuerOptions.JwksBaseUrl"/>) followed by <see cref="OidcIssuerOptions.JwksPath"/>.</summary>
    public string JwksUri { get; }

    /// <summary>
    /// A signed JWT for <paramref name="serviceAccountEmail"/> and <paramref name="audience"/>, valid for one
    /// hour from its <c>iat</c>; a cached one while it has at least <see cref="RefreshMargin"/> left.
    /// </summary>
    public string CreateToken(string serviceAccountEmail, string audience)
    {
        ArgumentException.ThrowIfNullOrEmpty(audience);
        return CreateCached(serviceAccountEmail, audience, scope: null);
    }

    /// <summary>
    /// An access token for <paramref name="serviceAccountEmail"/> with <paramref name="scope"/>: a JWT like
    /// <see cref="CreateToken"/>'s, addressed to the issuer itself and carrying a <c>scope</c> claim.
    /// </summary>
    public string CreateAccessToken(string serviceAccountEmail, string scope)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        return CreateCached(serviceAccountEmail, Issuer, scope);
    }

    ValueTask<string> IOidcTokenIssuer.CreateAccessTokenAsync(string serviceAccountEmail, string scope, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CreateAccessToken(serviceAccountEmail, scope));

    private string CreateCached(string serviceAccountEmail, string audience, string? scope)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountEmail);
        var now = _time.GetUtcNow();
        var key = (serviceAccountEmail, audience, scope);
        if (_cache.TryGetValue(key, out var cached) && cached.Expires - now >= RefreshMargin)
        {
            return cached.Token;
        }
        var issued = Mint(serviceAccountEmail, audience, scope, now);
        if (_cache.Count >= CacheSoftLimit)
        {
            DropExpired(now);
        }
        _cache[key] = issued; // a racing mint may win instead: both tokens are valid
        return issued.Token;
    }

    ValueTask<string> IOidcTokenIssuer.CreateTokenAsync(string serviceAccountEmail, string audience, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CreateToken(serviceAccountEmail, audience));

    public void Dispose()
    {
        if (_ownsKey)
        {
            _key.Dispose();
        }
    }

    /// <summary>Checks the options first, so invalid ones never create a key file.</summary>
    private static OidcSigningKey LoadKey(OidcIssuerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.JwksPath);
        if (options.KeyStore is { } store)
        {
            return OidcSigningKey.LoadOrCreate(store);
        }
        return options.KeyDirectory is null
            ? OidcSigningKey.CreateEphemeral()
            : OidcSigningKey.LoadOrCreate(options.KeyDirectory);
    }

    private IssuedToken Mint(string email, string audience, string? scope, DateTimeOffset now)
    {
        var issuedAt = now.ToUnixTimeSeconds();
        var expires = issuedAt + (long)TokenLifetime.TotalSeconds;
        var subject = ServiceAccountId.FromEmail(email);
        var token = JwtWriter.Write(_key, new IdTokenClaims(Issuer, audience, subject, email, issuedAt, expires, scope));
        return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var (key, token) in _cache)
        {
            if (token.Expires - now < RefreshMargin)
            {
                _cache.TryRemove(key, out _);
            }
        }
    }

    private sealed record IssuedToken(string Token, DateTimeOffset Expires);
}
