namespace Tidings.Kernel.Iam;

/// <summary>A role granted to members, optionally only where a condition holds (<c>google.iam.v1.Binding</c>).</summary>
/// <param name="Role">e.g. <c>roles/pubsub.viewer</c>.</param>
/// <param name="Members"><c>type:value</c> (<c>user:a@example.com</c>, <c>serviceAccount:…</c>, …), <c>allUsers</c> or <c>allAuthenticatedUsers</c>.</param>
public sealed record IamBinding(string Role, IReadOnlyList<string> Members, IamCondition? Condition);
