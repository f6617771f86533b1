namespace Tidings.Delivery;

/// <summary>The claims of one identity token (or, with a <paramref name="Scope"/>, access token); times in Unix seconds.</summary>
internal sealed record IdTokenClaims(
    string Issuer, string Audience, string Subject, string Email, long IssuedAt, long Expires, string? Scope = null);
