namespace Tidings.Kernel.Iam;

/// <summary>
/// An IAM policy as <c>google.iam.v1.Policy</c> carries it, free of any wire type so that every service's domain can
/// keep one: who holds which role, the audit-log settings, the policy's format version and its etag. Tidings stores
/// and answers policies; it does not enforce them.
/// </summary>
/// <param name="Version">1, or 3 when a binding has a condition; 0 only in a request (meaning "unset").</param>
/// <param name="Etag">Opaque bytes naming one state of the policy; empty in a request that does not check it.</param>
public sealed record IamPolicy(int Version, IReadOnlyList<IamBinding> Bindings, IReadOnlyList<IamAuditConfig> AuditConfigs, byte[] Etag);
