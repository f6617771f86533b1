using Microsoft.Extensions.Logging.Abstractions;

namespace Tidings.Delivery.Tests.Support;

/// <summary>Builds deliverers over an ephemeral issuer, and requests with sensible defaults.</summary>
internal static class DelivererFixture
{
    public const string Issuer = "http://127.0.0.1:8085";

    public static OidcTokenIssuer NewIssuer() => SharedKey.NewIssuer(Issuer);

    public static HttpDeliverer NewDeliverer(
        IOidcTokenIssuer issuer, EndpointAllowList? allowList = null, TimeProvider? time = null) =>
        new(issuer, allowList ?? EndpointAllowList.AllowAll, time ?? TimeProvider.System, NullLogger<HttpDeliverer>.Instance);

    public static HttpDeliveryRequest Request(
        Uri endpoint,
        byte[]? body = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        TimeSpan? timeout = null,
        OidcTokenRequest? oidc = null,
        string? contentType = "application/json") =>
        new(endpoint, body ?? "{}"u8.ToArray(), contentType, headers ?? [], timeout ?? TimeSpan.FromSeconds(10), oidc);
}
