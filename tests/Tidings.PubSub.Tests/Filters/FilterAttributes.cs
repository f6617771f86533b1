namespace Tidings.PubSub.Tests.Filters;

/// <summary>Message attributes written compactly for test tables: <c>"name=com;lang=en"</c>, "" for none.</summary>
internal static class FilterAttributes
{
    public static KeyValuePair<string, string>[] Parse(string compact) =>
        compact.Length == 0
            ? []
            : [.. compact.Split(';').Select(pair => pair.Split('=', 2)).Select(parts => KeyValuePair.Create(parts[0], parts[1]))];
}
