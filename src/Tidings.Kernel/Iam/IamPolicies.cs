using System.Globalization;
using System.Security.Cryptography;

namespace Tidings.Kernel.Iam;

/// <summary>
/// The rules of Google's IAM policy methods, shared by every service that keeps policies on its resources: what
/// GetIamPolicy answers, how SetIamPolicy merges (update mask, etag check, version) and what TestIamPermissions
/// accepts. Pure functions; the caller looks the resource up and stores the result under its own lock.
/// </summary>
public static class IamPolicies
{
    /// <summary>The etag of a policy never set: IAM's empty policy answers with it (<c>ACAB</c> in JSON).</summary>
    public static IamPolicy Empty { get; } = new(0, [], [], [0x00, 0x20, 0x01]);

    /// <summary>SetIamPolicy's mask when the request has none: Google's default.</summary>
    public static IReadOnlyList<string> DefaultUpdateMask { get; } = ["bindings", "etag"];

    /// <summary>The fields of <c>google.iam.v1.Policy</c>, by their proto names, which an update mask may name.</summary>
    private static readonly HashSet<string> PolicyFields = new(StringComparer.Ordinal) { "version", "bindings", "audit_configs", "etag" };

    /// <summary>
    /// GetIamPolicy: the stored policy, or <see cref="Empty"/>. <paramref name="requestedPolicyVersion"/> must be 0, 1 or
    /// 3; a version-3 policy is answered as it is whatever was requested (Google rewrites conditional role names for
    /// callers asking for version 1; Tidings does not, so such a caller sees the conditions).
    /// </summary>
    public static IamPolicy Read(IamPolicy? stored, int requestedPolicyVersion)
    {
        if (!IsValidVersion(requestedPolicyVersion))
        {
            throw IamErrors.InvalidRequestedPolicyVersion(requestedPolicyVersion.ToString(CultureInfo.InvariantCulture));
        }
        return stored ?? Empty;
    }

    /// <summary>
    /// SetIamPolicy: the fields <paramref name="updateMask"/> names (bindings and etag when empty) are taken from
    /// <paramref name="requested"/>, the others kept from <paramref name="current"/>, and the result gets a new etag.
    /// A request carrying an etag that is not the current policy's is refused with ABORTED, as IAM's read-modify-write
    /// requires. The version is 3 when a binding is conditional (the request must then say 3), else 1.
    /// </summary>
    /// <param name="current">The stored policy; null when none was set.</param>
    /// <param name="updateMask">Proto field names (<c>audit_configs</c>).</param>
    public static IamPolicy Set(IamPolicy? current, IamPolicy requested, IReadOnlyCollection<string> updateMask)
    {
        current ??= Empty;
        var paths = updateMask.Count == 0 ? DefaultUpdateMask : updateMask;
        foreach (var path in paths)
        {
            if (!PolicyFields.Contains(path))
            {
                throw IamErrors.UnknownPolicyField(path);
            }
        }
        Validate(requested);
        if (requested.Etag.Length > 0 && !requested.Etag.AsSpan().SequenceEqual(current.Etag))
        {
            throw IamErrors.ConcurrentPolicyChange();
        }
        var bindings = paths.Contains("bindings") ? requested.Bindings : current.Bindings;
        var auditConfigs = paths.Contains("audit_configs") ? requested.AuditConfigs : current.AuditConfigs;
        var conditional = HasConditions(bindings);
        if (conditional && paths.Contains("bindings") && requested.Version < 3)
        {
            throw IamErrors.ConditionsNeedVersion3(requested.Version);
        }
        return new IamPolicy(conditional ? 3 : 1, bindings, auditConfigs, NewEtag());
    }

    /// <summary>
    /// TestIamPermissions: of the permissions asked, those in <paramref name="granted"/>, each once, in the order asked.
    /// A permission that is not <c>service.resource.verb</c> (a wildcard, say) is refused with INVALID_ARGUMENT.
    /// </summary>
    public static IReadOnlyList<string> Test(IEnumerable<string> requested, IReadOnlySet<string> granted)
    {
        var asked = requested.ToList();
        foreach (var permission in asked)
        {
            if (!IsWellFormedPermission(permission))
            {
                throw IamErrors.InvalidPermission(permission);
            }
        }
        return [.. asked.Where(granted.Contains).Distinct(StringComparer.Ordinal)];
    }

    private static void Validate(IamPolicy policy)
    {
        if (!IsValidVersion(policy.Version))
        {
            throw IamErrors.InvalidPolicyVersion(policy.Version);
        }
        foreach (var member in policy.Bindings.SelectMany(binding => binding.Members)
            .Concat(policy.AuditConfigs.SelectMany(config => config.AuditLogConfigs).SelectMany(log => log.ExemptedMembers)))
        {
            if (!IsValidMember(member))
            {
                throw IamErrors.InvalidMember();
            }
        }
    }

    private static bool HasConditions(IEnumerable<IamBinding> bindings) => bindings.Any(binding => binding.Condition is not null);

    private static bool IsValidVersion(int version) => version is 0 or 1 or 3;

    /// <summary><c>type:value</c> with both parts non-empty, or one of the two special members.</summary>
    private static bool IsValidMember(string member)
    {
        if (member is "allUsers" or "allAuthenticatedUsers")
        {
            return true;
        }
        var colon = member.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < member.Length - 1;
    }

    /// <summary>Three or more dot-separated parts of letters and digits (<c>pubsub.topics.publish</c>).</summary>
    private static bool IsWellFormedPermission(string permission)
    {
        var parts = permission.Split('.');
        return parts.Length >= 3 && parts.All(part => part.Length > 0 && part.All(char.IsAsciiLetterOrDigit));
    }

    /// <summary>8 random bytes, as Google's etags are: a new one for every change.</summary>
    private static byte[] NewEtag() => RandomNumberGenerator.GetBytes(8);
}
