namespace Tidings.Kernel.Iam;

/// <summary>Which kinds of access to a service are logged (<c>google.iam.v1.AuditConfig</c>); stored, not acted on.</summary>
public sealed record IamAuditConfig(string Service, IReadOnlyList<IamAuditLogConfig> AuditLogConfigs);
