using Google.Cloud.Iam.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Iam;
using Tidings.Protos.Iam;
using Tidings.Tasks.Errors;
using Tidings.Tasks.Iam;
using Tidings.Tasks.Persistence;

namespace Tidings.Tasks;

public sealed partial class CloudTasksEngine
{
    /// <summary>The queue's policy; an empty one when none was set. Stored and answered, not enforced.</summary>
    public Policy GetIamPolicy(string resource, int requestedPolicyVersion = 0)
    {
        var entry = RequireQueue(ParseQueueName(resource));
        var stored = entry.Policy is { } policy ? IamPolicyConversion.ToKernel(policy) : null;
        return IamPolicyConversion.ToProto(IamPolicies.Read(stored, requestedPolicyVersion));
    }

    /// <summary>
    /// Replaces the fields of the policy the mask names (bindings and etag by default), by IAM's rules
    /// (<see cref="IamPolicies.Set"/>): a stale etag is refused with ABORTED.
    /// </summary>
    public async Task<Policy> SetIamPolicyAsync(string resource, Policy? policy, FieldMask? updateMask, CancellationToken cancellationToken)
    {
        var name = ParseQueueName(resource);
        if (policy is null)
        {
            throw TasksErrors.FieldRequired("policy");
        }
        var requested = IamPolicyConversion.ToKernel(policy);
        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = RequireQueue(name);
            var current = entry.Policy is { } stored ? IamPolicyConversion.ToKernel(stored) : null;
            var updated = IamPolicyConversion.ToProto(IamPolicies.Set(current, requested, updateMask?.Paths ?? []));
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
        var granted = TryGetQueue(ParseQueueName(resource), out _) ? QueuePermissions.All : new HashSet<string>();
        return new TestIamPermissionsResponse { Permissions = { IamPolicies.Test(permissions, granted) } };
    }
}
