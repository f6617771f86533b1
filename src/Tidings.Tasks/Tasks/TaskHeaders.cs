using Google.Protobuf.Collections;

namespace Tidings.Tasks.Tasks;

/// <summary>
/// The headers a task keeps (reference §1.7, recorded from the real service): the caller's, keys in their own
/// casing, with Google's user agent; for App Engine also the body's length and, when the caller set no content type,
/// <c>application/octet-stream</c>. Headers the service sets or reserves are not kept (Tidings' choice, where Google
/// documents only that they are reserved): <c>Host</c>, <c>Content-Length</c> and the <c>X-Google-</c>,
/// <c>X-AppEngine-</c> and <c>X-CloudTasks-</c> families.
/// </summary>
internal static class TaskHeaders
{
    public const string HttpUserAgent = "Google-Cloud-Tasks";
    public const string AppEngineUserAgent = "AppEngine-Google; (+http://code.google.com/appengine)";
    public const string DefaultAppEngineContentType = "application/octet-stream";

    private static readonly string[] ReservedPrefixes = ["X-Google-", "X-AppEngine-", "X-CloudTasks-"];

    /// <summary>Replaces any caller user agent with Google's.</summary>
    public static void CompleteHttp(MapField<string, string> headers)
    {
        DropReserved(headers);
        Remove(headers, "User-Agent");
        headers["User-Agent"] = HttpUserAgent;
    }

    /// <summary>Appends Google's user agent to the caller's, adds the body's length and a default content type.</summary>
    public static void CompleteAppEngine(MapField<string, string> headers, int bodyLength)
    {
        DropReserved(headers);
        var callerAgent = Find(headers, "User-Agent");
        Remove(headers, "User-Agent");
        headers["User-Agent"] = callerAgent is { Length: > 0 } agent ? $"{agent} {AppEngineUserAgent}" : AppEngineUserAgent;
        if (bodyLength > 0)
        {
            headers["Content-Length"] = bodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Find(headers, "Content-Type") is null)
            {
                headers["Content-Type"] = DefaultAppEngineContentType;
            }
        }
    }

    /// <summary>The value of a header, matched without regard to case; null when absent.</summary>
    public static string? Find(IEnumerable<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>An HTTP token (RFC 9110), the only thing a header name may be.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    /// <summary>No control characters other than tab (CR and LF above all, which would split the header).</summary>
    public static bool IsValidValue(string value) => !value.Any(c => c is < ' ' and not '\t' or '\u007f');

    private static void DropReserved(MapField<string, string> headers)
    {
        foreach (var key in headers.Keys.ToList())
        {
            if (string.Equals(key, "Host", StringComparison.OrdinalIgnoreCase)
                || string.Equals(key, "Content-Length", StringComparison.OrdinalIgnoreCase)
                || ReservedPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                headers.Remove(key);
            }
        }
    }

    private static void Remove(MapField<string, string> headers, string name)
    {
        foreach (var key in headers.Keys.Where(key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(key);
        }
    }
}
