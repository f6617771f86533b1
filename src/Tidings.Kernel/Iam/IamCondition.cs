namespace Tidings.Kernel.Iam;

/// <summary>A binding's condition (<c>google.type.Expr</c>): a CEL expression kept as given, never evaluated.</summary>
public sealed record IamCondition(string Expression, string Title, string Description, string Location);
