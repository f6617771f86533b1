namespace Tidings.Kernel.Iam;

/// <summary>One log type of an audit config and the members exempted from it (<c>google.iam.v1.AuditLogConfig</c>).</summary>
/// <param name="LogType">The number of <c>AuditLogConfig.LogType</c>: 1 ADMIN_READ, 2 DATA_WRITE, 3 DATA_READ.</param>
public sealed record IamAuditLogConfig(int LogType, IReadOnlyList<string> ExemptedMembers);
