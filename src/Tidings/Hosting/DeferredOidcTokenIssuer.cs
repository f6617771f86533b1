using Tidings.Delivery;

namespace Tidings.Hosting;

/// <summary>
/// Creates the real issuer on first use, once its URL is known. The engine (and so the deliverer) opens before
/// Kestrel binds, but the issuer URL names the bound port, which with <c>--port 0</c> is only known once serving:
/// a push recovered at start-up awaits <paramref name="issuerUrl"/> instead of blocking its thread.
/// </summary>
/// <param name="issuerUrl">Completes with the issuer URL: at once when configured, else when the server listens.</param>
/// <param name="create">Makes the issuer for a URL (loads or creates the signing key); called once.</param>
internal sealed class DeferredOidcTokenIssuer(Task<string> issuerUrl, Func<string, OidcTokenIssuer> create) : IOidcTokenIssuer, IDisposable
{
    private readonly Lock _lock = new();
    private OidcTokenIssuer? _issuer;
    private bool _disposed;

    public async ValueTask<string> CreateTokenAsync(string serviceAccountEmail, string audience, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken).ConfigureAwait(false)).CreateToken(serviceAccountEmail, audience);

    public async ValueTask<string> CreateAccessTokenAsync(string serviceAccountEmail, string scope, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken).ConfigureAwait(false)).CreateAccessToken(serviceAccountEmail, scope);

    public async ValueTask<string> OpenIdConfigurationJsonAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken).ConfigureAwait(false)).OpenIdConfigurationJson();

    public async ValueTask<string> JwksJsonAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken).ConfigureAwait(false)).JwksJson();

    private async ValueTask<OidcTokenIssuer> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _issuer) is { } issuer)
        {
            return issuer;
        }
        var url = await issuerUrl.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _issuer ??= create(url);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _issuer?.Dispose();
        }
    }
}
