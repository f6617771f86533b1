using System.Net.Http.Headers;

namespace Tidings.Delivery;

/// <summary>
/// Copies a caller's headers onto a request without letting any of them break it: names that are not HTTP
/// tokens, values with control characters (CR and LF above all, which would split the header), and headers
/// that frame the message or the connection are skipped. Values may be any other Unicode; they are sent as
/// UTF-8 (see <see cref="HttpDeliverer"/>).
/// </summary>
internal static class DeliveryHeaders
{
    /// <summary>Google's user agent for push requests, sent unless the caller sets one.</summary>
    public const string GoogleUserAgent = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";

    /// <summary>Set by the HTTP stack from the request itself; a caller's value could corrupt the exchange.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade",
        "Proxy-Connection", "TE", "Trailer", "Expect",
    };

    /// <summary>Adds <paramref name="headers"/>; calls <paramref name="skipped"/> with the name and reason of each skipped one.</summary>
    /// <param name="replaceAuthorization">True when a token will be sent, which wins over the caller's.</param>
    /// <returns>Whether the caller set a <c>User-Agent</c>.</returns>
    public static bool Add(
        HttpRequestMessage message,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        bool replaceAuthorization,
        Action<string, string> skipped)
    {
        var hasUserAgent = false;
        foreach (var (name, value) in headers)
        {
            var reason = Check(name, value, replaceAuthorization);
            if (reason is null && !TryAdd(message, name, value))
            {
                reason = "not a valid header name";
            }
            if (reason is not null)
            {
                skipped(name ?? "", reason);
                continue;
            }
            hasUserAgent |= string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase);
        }
        return hasUserAgent;
    }

    private static string? Check(string? name, string? value, bool replaceAuthorization)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "empty name";
        }
        if (value is null || value.Any(c => c is < ' ' and not '\t' or '\u007f'))
        {
            return "value has control characters";
        }
        if (Reserved.Contains(name))
        {
            return "set by the HTTP stack";
        }
        if (replaceAuthorization && string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
        {
            return "replaced by the token";
        }
        return null;
    }

    /// <summary>Request headers first; content headers (Content-Encoding, Content-Language…) go on the content.</summary>
    private static bool TryAdd(HttpRequestMessage message, string name, string value)
    {
        try
        {
            return message.Headers.TryAddWithoutValidation(name, value)
                || (message.Content is { } content && content.Headers.TryAddWithoutValidation(name, value));
        }
        catch (FormatException)
        {
            return false; // defensive: the name check of TryAddWithoutValidation reports by return value today
        }
    }

    /// <summary>Sets the body's media type, raw when it does not parse (the caller knows its content).</summary>
    public static void SetContentType(HttpContent content, string contentType)
    {
        if (MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            content.Headers.ContentType = parsed;
        }
        else if (!contentType.Any(c => c is < ' ' and not '\t' or '\u007f'))
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
    }
}
