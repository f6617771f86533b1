using Google.Cloud.Scheduler.V1;
using Tidings.Delivery;
using Tidings.Scheduler.Jobs;

namespace Tidings.Scheduler.Execution;

/// <summary>
/// Turns an HTTP or App Engine target into the request Google sends: the user's headers except the ones Google
/// computes or reserves (<c>Host</c>, <c>Content-Length</c>, <c>X-Google-*</c>, <c>X-AppEngine-*</c>, the
/// <c>X-CloudScheduler*</c> family), then <c>X-CloudScheduler: true</c>, <c>X-CloudScheduler-JobName</c> (the short
/// job id) and <c>X-CloudScheduler-ScheduleTime</c>; <c>Content-Type</c> as the user set it, else
/// <c>application/octet-stream</c> when there is a body; a bearer token when the target asks for one.
/// </summary>
internal static class TargetRequests
{
    /// <summary>Replaces the caller's User-Agent on HTTP targets.</summary>
    public const string HttpUserAgent = "Google-Cloud-Scheduler";

    /// <summary>Appended to the caller's User-Agent on App Engine targets (or sent alone).</summary>
    public const string AppEngineUserAgent = "AppEngine-Google; (+http://code.google.com/appengine)";

    public const string DefaultContentType = "application/octet-stream";

    /// <summary>Google's default OAuth scope for <c>oauth_token</c> without one.</summary>
    public const string DefaultOAuthScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>App Engine's default deadline for automatic scaling, used when the job sets none.</summary>
    public static readonly TimeSpan DefaultAppEngineDeadline = TimeSpan.FromMinutes(10);

    public static HttpDeliveryRequest Http(AttemptRequest attempt)
    {
        var target = attempt.Definition.HttpTarget;
        var headers = Headers(target.Headers, attempt, out var contentType);
        headers.Add(KeyValuePair.Create("User-Agent", HttpUserAgent));
        OidcTokenRequest? oidc = target.OidcToken is { } token
            ? new OidcTokenRequest(token.ServiceAccountEmail, token.Audience.Length > 0 ? token.Audience : target.Uri)
            : null;
        return new HttpDeliveryRequest(
            new Uri(target.Uri),
            target.Body.Memory,
            contentType ?? (target.Body.IsEmpty ? null : DefaultContentType),
            headers,
            attempt.Definition.AttemptDeadline?.ToTimeSpan() ?? JobValidation.DefaultHttpDeadline,
            oidc)
        {
            Method = JobValidation.MethodName(target.HttpMethod),
            OAuth = target.OauthToken is { } oauth
                ? new OAuthTokenRequest(oauth.ServiceAccountEmail, oauth.Scope.Length > 0 ? oauth.Scope : DefaultOAuthScope)
                : null,
            FollowRedirects = true,
        };
    }

    /// <param name="baseUrl">Where App Engine requests go: the configured base URL, the relative URI appended.</param>
    public static HttpDeliveryRequest AppEngine(AttemptRequest attempt, Uri baseUrl)
    {
        var target = attempt.Definition.AppEngineHttpTarget;
        var headers = Headers(target.Headers, attempt, out var contentType);
        var userAgent = target.Headers.FirstOrDefault(h => string.Equals(h.Key, "User-Agent", StringComparison.OrdinalIgnoreCase)).Value;
        headers.Add(KeyValuePair.Create("User-Agent", string.IsNullOrEmpty(userAgent) ? AppEngineUserAgent : $"{userAgent} {AppEngineUserAgent}"));
        var relative = target.RelativeUri.Length > 0 ? target.RelativeUri : "/";
        var deadline = attempt.Definition.AttemptDeadline?.ToTimeSpan() is { } set && set > TimeSpan.Zero ? set : DefaultAppEngineDeadline;
        return new HttpDeliveryRequest(
            new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + baseUrl.AbsolutePath.TrimEnd('/') + relative),
            target.Body.Memory,
            contentType ?? (target.Body.IsEmpty ? null : DefaultContentType),
            headers,
            deadline,
            Oidc: null)
        {
            Method = JobValidation.MethodName(target.HttpMethod),
        };
    }

    private static List<KeyValuePair<string, string>> Headers(
        IDictionary<string, string> userHeaders, AttemptRequest attempt, out string? contentType)
    {
        contentType = null;
        var headers = new List<KeyValuePair<string, string>>(userHeaders.Count + 4);
        foreach (var (name, value) in userHeaders)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else if (!IsComputedOrReserved(name))
            {
                headers.Add(KeyValuePair.Create(name, value));
            }
        }
        headers.Add(KeyValuePair.Create("X-CloudScheduler", "true"));
        headers.Add(KeyValuePair.Create("X-CloudScheduler-JobName", attempt.JobId));
        headers.Add(KeyValuePair.Create("X-CloudScheduler-ScheduleTime", attempt.ScheduleTime));
        return headers;
    }

    private static bool IsComputedOrReserved(string name) =>
        string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Google-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-AppEngine-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-CloudScheduler", StringComparison.OrdinalIgnoreCase);
}
