using Tidings.PubSub.Publishing;

namespace Tidings.Api;

/// <summary>
/// Google's front end refuses any request whose body is over 10 MiB, before the service sees it: over REST the
/// JSON body counts (so base64 makes a publish of 7.5 MiB of data too large), over gRPC the encoded message.
/// </summary>
internal static class RequestPayloadLimit
{
    public const int MaxBytes = PublishLimits.MaxRequestBytes;

    public static string Message => $"Request payload size exceeds the limit: {MaxBytes} bytes.";
}
