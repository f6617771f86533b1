namespace Tidings.Delivery;

/// <summary>
/// Asks for an OIDC identity token to be attached to a delivery as <c>Authorization: Bearer &lt;jwt&gt;</c>,
/// as Google does for push subscriptions, Cloud Tasks and Cloud Scheduler targets with an <c>oidc_token</c>.
/// </summary>
/// <param name="ServiceAccountEmail">The service account the token speaks for: its <c>email</c> claim, and the
/// source of its numeric <c>sub</c> and <c>azp</c>.</param>
/// <param name="Audience">The <c>aud</c> claim. Resolving Google's default (the endpoint URL) is the caller's job.</param>
public sealed record OidcTokenRequest(string ServiceAccountEmail, string Audience);
