namespace Tidings.Delivery;

/// <summary>
/// One HTTP delivery attempt: a <c>POST</c> unless <see cref="Method"/> says otherwise (Cloud Tasks and Cloud
/// Scheduler targets choose their method).
/// </summary>
/// <param name="Endpoint">The absolute <c>http</c> or <c>https</c> URL to post to.</param>
/// <param name="Body">The request body, sent as is.</param>
/// <param name="ContentType">The <c>Content-Type</c> header of the body, e.g. <c>application/json</c>; <c>null</c>
/// sends none (Cloud Tasks adds none to HTTP targets).</param>
/// <param name="Headers">Extra request headers, in order. Names may be arbitrary (attribute names, <c>x-goog-*</c>);
/// a header whose name or value is not valid HTTP is skipped. A <c>User-Agent</c> here replaces Google's push
/// user agent, which is sent otherwise. Content headers other than <c>Content-Type</c> are ignored.</param>
/// <param name="Timeout">How long the attempt may take, from sending the request to reading the response
/// status and (capped) body, on the deliverer's <see cref="TimeProvider"/>. Past it the result is
/// <see cref="DeliveryOutcome.TimedOut"/>. Positive, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</param>
/// <param name="Oidc">When set, an OIDC token for this service account and audience is sent as
/// <c>Authorization: Bearer</c>; <c>null</c> sends no token.</param>
public sealed record HttpDeliveryRequest(
    Uri Endpoint,
    ReadOnlyMemory<byte> Body,
    string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    TimeSpan Timeout,
    OidcTokenRequest? Oidc)
{
    /// <summary>The HTTP method, upper case: <c>POST</c> unless set. A body is sent whenever it is not empty.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>
    /// When set (and <see cref="HttpDeliveryRequest.Oidc"/> is not), an OAuth access token for this service account
    /// and scope is sent as <c>Authorization: Bearer</c>, as for Cloud Tasks' and Cloud Scheduler's <c>oauth_token</c>.
    /// </summary>
    public OAuthTokenRequest? OAuth { get; init; }

    /// <summary>
    /// The <c>Host</c> header to send instead of the endpoint's authority, e.g. an App Engine routing name, while the
    /// connection still goes to <see cref="HttpDeliveryRequest.Endpoint"/>. Not sent after a redirect. Null: the endpoint's.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>
    /// Whether a 3xx answer with a <c>Location</c> is followed (up to <see cref="HttpDeliverer.MaxRedirects"/> times),
    /// the final answer being the attempt's result. Cloud Scheduler follows redirects; push does not.
    /// </summary>
    public bool FollowRedirects { get; init; }
}
