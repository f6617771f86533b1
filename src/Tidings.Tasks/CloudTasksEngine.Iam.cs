using System.Security.Cryptography;
using Google.Cloud.Iam.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tidings.Tasks.Errors;
using Tidings.Tasks.Iam;
using Tidings.Tasks.Persistence;

namespace Tidings.Tasks;

public sealed partial class CloudTasksEngine
{
    /// <summary>The etag of a policy never set: IAM's empty policy answers with it (<c>ACAB</c> in JSON).</summary>
    private static readonly ByteString EmptyPolicyEtag = ByteString.CopyFrom(0x00, 0x20, 0x01);

    private static readonly FieldMask DefaultPolicyMask = new() { Paths = { "bindings", "etag" } };

    private static readonly FieldMask.MergeOptions ReplaceFields = new() { ReplaceMessageFields = true, ReplacePrimitiveFields = true, ReplaceRepeatedFields = true };

    /// <summary>The queue's policy; an empty one when none was set. Stored and answered, not enforced.</summary>
    public Policy GetIamPolicy(string resource)
    {
        var entry = RequireQueue(ParseQueueName(resource));
        return entry.Policy?.Clone() ?? new Policy { Etag = EmptyPolicyEtag };
    }

    /// <summary>
    /// Replaces the fields of the policy the mask names (bindings and etag by default). A request carrying an etag
    /// that is not the current policy's is refused with ABORTED, as IAM's read-modify-write requires.
    /// </summary>
    public async Task<Policy> SetIamPolicyAsync(string resource, Policy? policy, FieldMask? updateMask, CancellationToken cancellationToken)
    {
        var name = ParseQueueName(resource);
        if (policy is null)
        {
            throw TasksErrors.FieldRequired("policy");
        }
        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = RequireQueue(name);
            var current = entry.Policy ?? new Policy { Etag = EmptyPolicyEtag };
            if (!policy.Etag.IsEmpty && policy.Etag != current.Etag)
            {
                throw TasksErrors.ConcurrentPolicyChange();
            }
            var updated = current.Clone();
            var mask = updateMask is { Paths.Count: > 0 } ? updateMask : DefaultPolicyMask;
            mask.Merge(policy, updated, ReplaceFields);
            updated.Version = updated.Version == 0 ? 1 : updated.Version;
            updated.Etag = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(8));
            _state.Apply([QueueDocuments.Put(entry.Definition, updated)]);
            entry.Policy = updated;
            return updated.Clone();
        }
        finally
        {
            _admin.Release();
        }
    }

    /// <summary>
    /// Of the permissions asked, those that apply to a queue (the caller holds all of them: Tidings enforces no
    /// IAM). A queue that does not exist answers an empty set, not NOT_FOUND, as Google's does.
    /// </summary>
    public TestIamPermissionsResponse TestIamPermissions(string resource, IEnumerable<string> permissions)
    {
        var response = new TestIamPermissionsResponse();
        if (TryGetQueue(ParseQueueName(resource), out _))
        {
            response.Permissions.Add(permissions.Where(QueuePermissions.All.Contains).Distinct(StringComparer.Ordinal));
        }
        return response;
    }
}
