namespace Tidings.Delivery.Tests.Support;

/// <summary>A request as the sink received it. Header values are joined with ", " when repeated.</summary>
public sealed record RecordedRequest(
    string ConnectionId, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
