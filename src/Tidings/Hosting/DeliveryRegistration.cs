using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Cluster;
using Tidings.Configuration;
using Tidings.Delivery;
using Tidings.Storage.Postgres.Keys;

namespace Tidings.Hosting;

/// <summary>
/// The outbound HTTP side: the pooled deliverer that pushes use, the OIDC issuer that signs push tokens (its key
/// kept in <c>&lt;data-dir&gt;/keys</c>, or in a cluster's database, so receivers' cached keys stay valid across
/// restarts and failovers; a new one at each start in memory mode), its discovery and
/// JWKS documents, and the operator's allow-list of push hosts.
/// </summary>
internal static class DeliveryRegistration
{
    public const string OpenIdConfigurationPath = "/.well-known/openid-configuration";
    public const string KeysDirectory = "keys";

    /// <summary>Where the JWKS is served: Google's path.</summary>
    public static readonly string JwksPath = new OidcIssuerOptions { Issuer = "" }.JwksPath;

    /// <summary>The hosts deliveries may go to, from <see cref="TidingsOptions.PushAllowedHosts"/>; every service pushes under it.</summary>
    public static EndpointAllowList AllowList(TidingsOptions options) => new(
        options.PushAllowedHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static IServiceCollection AddTidingsDelivery(this IServiceCollection services, TidingsOptions options, EndpointAllowList allowList)
    {
        services.TryAddSingleton(allowList);
        services.TryAddSingleton<IOidcTokenIssuer>(provider => new DeferredOidcTokenIssuer(
            IssuerUrlAsync(options, provider),
            url => new OidcTokenIssuer(
                new OidcIssuerOptions
                {
                    Issuer = Issuer(options, provider, url),
                    JwksBaseUrl = url,
                    // Only the embedded store has a directory; a cluster's nodes share one key in the database.
                    KeyDirectory = options.EffectiveStore == StoreKind.Embedded ? Path.Combine(options.DataDir, KeysDirectory) : null,
                    KeyStore = options.EffectiveStore == StoreKind.Postgres
                        ? new ClusterOidcKeyStore(provider.GetRequiredService<PostgresKeyStore>())
                        : null,
                },
                provider.GetRequiredService<TimeProvider>())));
        services.TryAddSingleton<IHttpDeliverer>(provider => new HttpDeliverer(
            provider.GetRequiredService<IOidcTokenIssuer>(),
            provider.GetRequiredService<EndpointAllowList>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<HttpDeliverer>>()));
        return services;
    }

    /// <summary>Serves the issuer's discovery document and keys, so receivers can verify push tokens.</summary>
    public static IEndpointRouteBuilder MapOidcDocuments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OpenIdConfigurationPath, async (IOidcTokenIssuer issuer, CancellationToken cancellationToken) =>
            Results.Text(await issuer.OpenIdConfigurationJsonAsync(cancellationToken), "application/json"));
        endpoints.MapGet(JwksPath, async (IOidcTokenIssuer issuer, CancellationToken cancellationToken) =>
            Results.Text(await issuer.JwksJsonAsync(cancellationToken), "application/json"));
        return endpoints;
    }

    /// <summary>
    /// The <c>iss</c> of the tokens: <paramref name="url"/> (the configured issuer, or this server's address), except in
    /// a cluster without a configured one, where every node must name the same issuer whichever signed: the address of
    /// the node that first needed one, kept beside the signing key (<see cref="ClusterOidcKeyStore.IssuerName"/>).
    /// </summary>
    private static string Issuer(TidingsOptions options, IServiceProvider provider, string url) =>
        options.EffectiveStore == StoreKind.Postgres && options.OidcIssuer.Length == 0
            ? provider.GetRequiredService<PostgresKeyStore>().LoadOrCreate(ClusterOidcKeyStore.IssuerName, () => url)
            : url;

    /// <summary>
    /// The configured issuer, or this server's own address once it listens (then the port is bound, even if it was
    /// 0). Until then token requests wait on the task (<see cref="DeferredOidcTokenIssuer"/>), holding no thread.
    /// </summary>
    private static Task<string> IssuerUrlAsync(TidingsOptions options, IServiceProvider provider)
    {
        if (options.OidcIssuer.Length > 0)
        {
            return Task.FromResult(options.OidcIssuer.TrimEnd('/'));
        }
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Runs at once if the server already started.
        provider.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
        {
            var address = provider.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            var port = address is null ? options.Port : BindingAddress.Parse(address).Port;
            var host = options.Host is TidingsOptionsValidator.AnyHost or "0.0.0.0" or "::" ? "localhost" : options.Host;
            var scheme = options.TlsCert.Length > 0 ? "https" : "http";
            url.TrySetResult($"{scheme}://{TidingsEndpoint.Format(host, port)}");
        });
        return url.Task;
    }
}
