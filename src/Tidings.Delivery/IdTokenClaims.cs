namespace Tidings.Delivery;

/// <summary>The claims of one identity token; times in Unix seconds.</summary>
internal sealed record IdTokenClaims(
    string Issuer, string Audience, string Subject, string Email, long IssuedAt, long Expires);
