namespace Tidings.Delivery;

/// <summary>
/// Asks for an OAuth access token to be attached to a delivery as <c>Authorization: Bearer &lt;token&gt;</c>, as
/// Google does for Cloud Tasks and Cloud Scheduler targets with an <c>oauth_token</c> (meant for Google APIs).
/// </summary>
/// <param name="ServiceAccountEmail">The service account the token speaks for.</param>
/// <param name="Scope">The OAuth scope granted; Google's default is
/// <c>https://www.googleapis.com/auth/cloud-platform</c>, which resolving is the caller's job.</param>
public sealed record OAuthTokenRequest(string ServiceAccountEmail, string Scope);
