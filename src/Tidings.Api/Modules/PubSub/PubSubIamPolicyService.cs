using Google.Cloud.Iam.V1;
using Grpc.Core;
using Tidings.Kernel.Iam;
using Tidings.Protos.Iam;
using Tidings.PubSub;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// google.iam.v1.IAMPolicy for Pub/Sub's topics, subscriptions, snapshots and schemas, as Google mixes it into the
/// Pub/Sub endpoint. Its REST form is <see cref="PubSubIamRestRoutes"/>, which calls the same static methods.
/// </summary>
internal sealed class PubSubIamPolicyService(PubSubBroker broker) : IAMPolicy.IAMPolicyBase
{
    public override Task<Policy> GetIamPolicy(GetIamPolicyRequest request, ServerCallContext context) => Task.FromResult(Get(broker, request));

    public override Task<Policy> SetIamPolicy(SetIamPolicyRequest request, ServerCallContext context) => Task.FromResult(Set(broker, request));

    public override Task<TestIamPermissionsResponse> TestIamPermissions(TestIamPermissionsRequest request, ServerCallContext context) =>
        Task.FromResult(Test(broker, request));

    internal static Policy Get(PubSubBroker broker, GetIamPolicyRequest request) =>
        IamPolicyConversion.ToProto(broker.GetIamPolicy(request.Resource, request.Options?.RequestedPolicyVersion ?? 0));

    internal static Policy Set(PubSubBroker broker, SetIamPolicyRequest request)
    {
        var requested = request.Policy is { } policy ? IamPolicyConversion.ToKernel(policy) : throw IamErrors.PolicyRequired();
        return IamPolicyConversion.ToProto(broker.SetIamPolicy(request.Resource, requested, request.UpdateMask?.Paths ?? []));
    }

    internal static TestIamPermissionsResponse Test(PubSubBroker broker, TestIamPermissionsRequest request) =>
        new() { Permissions = { broker.TestIamPermissions(request.Resource, request.Permissions) } };
}
