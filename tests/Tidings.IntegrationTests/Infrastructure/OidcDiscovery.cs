using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>The server's OIDC discovery document and keys, as a push receiver fetches them.</summary>
/// <param name="Issuer">The discovery document's <c>issuer</c>.</param>
/// <param name="JwksUri">Its <c>jwks_uri</c>.</param>
/// <param name="Jwks">The key set, fetched from <paramref name="JwksUri"/>.</param>
public sealed record OidcDiscovery(string Issuer, string JwksUri, string Jwks)
{
    /// <summary>GET <c>/.well-known/openid-configuration</c> on <paramref name="server"/>, then its <c>jwks_uri</c>.</summary>
    public static async Task<OidcDiscovery> FetchAsync(Uri server)
    {
        using var http = new HttpClient();
        var document = await http.GetFromJsonAsync<JsonElement>(new Uri(server, "/.well-known/openid-configuration"));
        var issuer = document.GetProperty("issuer").GetString()!;
        var jwksUri = document.GetProperty("jwks_uri").GetString()!;
        var jwks = await http.GetStringAsync(new Uri(jwksUri));
        return new OidcDiscovery(issuer, jwksUri, jwks);
    }

    /// <summary>
    /// Validates a push's <c>Authorization</c> header as a receiver would: a Bearer RS256 token signed by a key of
    /// <see cref="Jwks"/>, from <see cref="Issuer"/>, for <paramref name="audience"/>. Lifetime is checked against the
    /// system clock only when <paramref name="validateLifetime"/> (a fake-clock server stamps fake times).
    /// </summary>
    public async Task<JsonWebToken> ValidateAsync(string? authorization, string audience, bool validateLifetime)
    {
        Assert.NotNull(authorization);
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var token = authorization["Bearer ".Length..];
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = new JsonWebKeySet(Jwks).GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = validateLifetime,
            ClockSkew = TimeSpan.FromSeconds(5),
        };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        Assert.True(result.IsValid, $"the push token did not validate: {result.Exception}");
        return (JsonWebToken)result.SecurityToken;
    }
}
