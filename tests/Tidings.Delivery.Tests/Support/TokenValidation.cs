using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tidings.Delivery.Tests.Support;

/// <summary>Validates tokens the way a receiver does: keys from the JWKS only, issuer and audience checked.</summary>
internal static class TokenValidation
{
    public static async Task<TokenValidationResult> ValidateAsync(string token, string jwksJson, string issuer, string audience)
    {
        var keys = new JsonWebKeySet(jwksJson).GetSigningKeys();
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
        };
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
    }

    /// <summary>A fake clock at the current second, so tokens it stamps are valid to real-time validators.</summary>
    public static DateTimeOffset NowToTheSecond() =>
        DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
}
