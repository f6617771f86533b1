using System.Text.Json.Nodes;

namespace Tidings.Bootstrap;

/// <summary>One resource of a bootstrap file.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Line">The 1-based line of the file where its entry starts, for error messages.</param>
/// <param name="Name">Its full resource name, e.g. <c>projects/demo/topics/orders</c>.</param>
/// <param name="Body">
/// The resource as Google's REST API writes it (camelCase JSON field names), with <c>name</c> and the topic names it
/// refers to made full; the keys it holds are the fields the declaration sets.
/// </param>
internal sealed record BootstrapDeclaration(BootstrapKind Kind, int Line, string Name, JsonObject Body)
{
    /// <summary>How errors and the log name it: <c>line 12, subscription projects/demo/subscriptions/billing</c>.</summary>
    public string Describe() => $"line {Line}, {Kind.ToString().ToLowerInvariant()} {Name}";
}
