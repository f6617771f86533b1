using Tidings.Delivery;

namespace Tidings.Hosting;

/// <summary>
/// Creates the real issuer on first use. The engine (and so the deliverer) opens before Kestrel binds, but the
/// issuer URL names the bound port, which with <c>--port 0</c> is only known once serving.
/// </summary>
internal sealed class DeferredOidcTokenIssuer(Func<OidcTokenIssuer> create) : IOidcTokenIssuer, IDisposable
{
    private readonly Lazy<OidcTokenIssuer> _issuer = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Issuer => _issuer.Value.Issuer;

    public string CreateToken(string serviceAccountEmail, string audience) => _issuer.Value.CreateToken(serviceAccountEmail, audience);

    public string OpenIdConfigurationJson() => _issuer.Value.OpenIdConfigurationJson();

    public string JwksJson() => _issuer.Value.JwksJson();

    public void Dispose()
    {
        if (_issuer.IsValueCreated)
        {
            _issuer.Value.Dispose();
        }
    }
}
