namespace Tidings.WebConsole.Api;

/// <summary>The body of an action on one resource: <c>{"name":"projects/…"}</c>.</summary>
internal sealed record NameBody(string? Name);
