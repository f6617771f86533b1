using Google.Cloud.Iam.V1;
using Grpc.Core;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Kernel.Iam;
using Tidings.PubSub;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// google.iam.v1.IAMPolicy for Pub/Sub's topics, subscriptions, snapshots and schemas, as Google mixes it into the
/// Pub/Sub endpoint. Its REST form is the IAM file's generic <c>POST /v1/{resource=**}:…</c> (what the Node client's
/// REST mode sends) plus gcloud's <c>GET …:getIamPolicy</c> (<see cref="PubSubIamRestRoutes"/>).
/// </summary>
internal sealed class PubSubIamPolicyService(PubSubBroker broker) : IAMPolicy.IAMPolicyBase
{
    public override Task<Policy> GetIamPolicy(GetIamPolicyRequest request, ServerCallContext context) =>
        Task.FromResult(Get(broker, request.Resource, request.Options?.RequestedPolicyVersion ?? 0));

    public override Task<Policy> SetIamPolicy(SetIamPolicyRequest request, ServerCallContext context)
    {
        var requested = request.Policy is { } policy ? IamPolicyMapping.ToKernel(policy) : throw IamErrors.PolicyRequired();
        var updated = broker.SetIamPolicy(request.Resource, requested, request.UpdateMask?.Paths ?? []);
        return Task.FromResult(IamPolicyMapping.ToProto(updated));
    }

    public override Task<TestIamPermissionsResponse> TestIamPermissions(TestIamPermissionsRequest request, ServerCallContext context) =>
        Task.FromResult(new TestIamPermissionsResponse { Permissions = { broker.TestIamPermissions(request.Resource, request.Permissions) } });

    internal static Policy Get(PubSubBroker broker, string resource, int requestedPolicyVersion) =>
        IamPolicyMapping.ToProto(broker.GetIamPolicy(resource, requestedPolicyVersion));
}
