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
            issuer => new OidcTokenIssuer(
                new OidcIssuerOptions
                {
                    Issuer = issuer,
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
