using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Configuration;
using Tidings.Delivery;
using Tidings.PubSub;

namespace Tidings.Hosting;

/// <summary>
/// The outbound HTTP side: the pooled deliverer that pushes use, the OIDC issuer that signs push tokens (its key
/// kept in <c>&lt;data-dir&gt;/keys</c>, so receivers' cached keys stay valid across restarts), its discovery and
/// JWKS documents, and the operator's allow-list of push hosts.
/// </summary>
internal static class DeliveryRegistration
{
    public const string OpenIdConfigurationPath = "/.well-known/openid-configuration";
    public const string KeysDirectory = "keys";
    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddTidingsDelivery(this IServiceCollection services, TidingsOptions options)
    {
        var allowList = new EndpointAllowList(
            options.PushAllowedHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        services.TryAddSingleton(new PubSubOptions { PushEndpointAllowList = allowList });
        services.TryAddSingleton(allowList);
        services.TryAddSingleton<IOidcTokenIssuer>(provider => new DeferredOidcTokenIssuer(() => new OidcTokenIssuer(
            new OidcIssuerOptions
            {
                Issuer = IssuerUrl(options, provider),
                KeyDirectory = options.InMemory ? null : Path.Combine(options.DataDir, KeysDirectory),
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
        endpoints.MapGet(OpenIdConfigurationPath, (IOidcTokenIssuer issuer) =>
            Results.Text(issuer.OpenIdConfigurationJson(), "application/json"));
        endpoints.MapGet(new OidcIssuerOptions { Issuer = "" }.JwksPath, (IOidcTokenIssuer issuer) =>
            Results.Text(issuer.JwksJson(), "application/json"));
        return endpoints;
    }

    /// <summary>
    /// The configured issuer, or this server's own address. Resolved on first use (the first push or key
    /// request, through <see cref="DeferredOidcTokenIssuer"/>), when the port is bound even if it was 0.
    /// </summary>
    private static string IssuerUrl(TidingsOptions options, IServiceProvider provider)
    {
        if (options.OidcIssuer.Length > 0)
        {
            return options.OidcIssuer.TrimEnd('/');
        }
        // A push recovered at start-up can ask before Kestrel has bound the port: wait until it has.
        provider.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.WaitHandle.WaitOne(StartupWait);
        var address = provider.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var port = address is null ? options.Port : BindingAddress.Parse(address).Port;
        var host = options.Host is TidingsOptionsValidator.AnyHost or "0.0.0.0" or "::" ? "localhost" : options.Host;
        return $"http://{TidingsEndpoint.Format(host, port)}";
    }
}
