using System.Collections.Concurrent;
using Tidings.Kernel.Iam;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Iam;
using Tidings.PubSub.Names;
using Tidings.PubSub.Persistence;

namespace Tidings.PubSub;

/// <summary>
/// IAM policies on topics, subscriptions, snapshots and schemas, by IAM's rules (<see cref="IamPolicies"/>): stored
/// and answered, never enforced. A policy is written with its resource's registry lock held and deleted with the
/// resource, so a resource re-created under the same name starts without one.
/// </summary>
public sealed partial class PubSubBroker
{
    /// <summary>Policies by full resource name; only resources that exist have one. Written under the registry lock.</summary>
    private readonly ConcurrentDictionary<string, IamPolicy> _policies = new(StringComparer.Ordinal);

    /// <summary>The resource's policy, or the empty one (etag <c>ACAB</c>) when none was set.</summary>
    public IamPolicy GetIamPolicy(string resource, int requestedPolicyVersion)
    {
        var name = ParseIamResource(resource);
        RequireIamResource(name);
        return IamPolicies.Read(_policies.GetValueOrDefault(name.FullName), requestedPolicyVersion);
    }

    /// <summary>Applies <paramref name="requested"/> through the mask (proto field names; empty for Google's default) and stores the result.</summary>
    public IamPolicy SetIamPolicy(string resource, IamPolicy requested, IReadOnlyCollection<string> updateMask)
    {
        var name = ParseIamResource(resource);
        lock (_registryLock)
        {
            RequireIamResource(name);
            var updated = IamPolicies.Set(_policies.GetValueOrDefault(name.FullName), requested, updateMask);
            _state.Apply([PubSubDocuments.PutPolicy(name.FullName, updated)]);
            _policies[name.FullName] = updated;
            return updated;
        }
    }

    /// <summary>
    /// Of the permissions asked, those that apply to the resource's kind: all are granted, as Tidings enforces no IAM.
    /// A resource that does not exist answers none, not NOT_FOUND, as IAM's contract says.
    /// </summary>
    public IReadOnlyList<string> TestIamPermissions(string resource, IEnumerable<string> permissions)
    {
        var name = ParseIamResource(resource);
        var granted = IamResourceExists(name) ? PubSubPermissions.Of(name.Kind) : new HashSet<string>();
        return IamPolicies.Test(permissions, granted);
    }

    /// <summary>
    /// <c>projects/{project}/{topics|subscriptions|snapshots|schemas}/{id}</c>; any other resource type is refused with
    /// Google's "cannot be used to manage the permissions of resources of type …".
    /// </summary>
    private static ResourceName ParseIamResource(string resource)
    {
        var segments = resource.Split('/');
        ResourceKind? kind = segments is ["projects", _, var collection, _] ? collection switch
        {
            "topics" => ResourceKind.Topic,
            "subscriptions" => ResourceKind.Subscription,
            "snapshots" => ResourceKind.Snapshot,
            "schemas" => ResourceKind.Schema,
            _ => null,
        } : null;
        if (kind is null)
        {
            var type = segments.Length >= 2 && segments.Length % 2 == 0 ? segments[^2].TrimEnd('s') : resource;
            throw IamErrors.UnsupportedResourceType(type);
        }
        return ResourceName.Parse(kind, resource);
    }

    /// <summary>An expired snapshot the sweep has not deleted yet no longer exists.</summary>
    private bool IamResourceExists(ResourceName name) =>
        name.Kind == ResourceKind.Topic ? _topics.ContainsKey(name.FullName)
        : name.Kind == ResourceKind.Subscription ? _subscriptions.ContainsKey(name.FullName)
        : name.Kind == ResourceKind.Snapshot ? FindLiveSnapshot(name) is not null
        : name.Kind == ResourceKind.Schema && _schemas.Find(name.FullName) is not null;

    private void RequireIamResource(ResourceName name)
    {
        if (!IamResourceExists(name))
        {
            throw PubSubErrors.NotFound(name.Id);
        }
    }

    /// <summary>Registry lock held, as part of deleting the resource (the caller applies the change with its own).</summary>
    private void ForgetPolicy(ResourceName name) => _policies.TryRemove(name.FullName, out _);

    /// <summary>Loads the stored policies of resources that exist (call after the resources are recovered).</summary>
    private void RecoverPolicies()
    {
        foreach (var document in _state.LoadAll(PubSubDocuments.PolicyKind))
        {
            var policy = PubSubDocuments.ReadPolicy(document);
            if (IamResourceExists(ParseIamResource(document.Key)))
            {
                _policies[document.Key] = policy;
            }
        }
    }
}
