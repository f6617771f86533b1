using Google.Cloud.Iam.V1;
using Grpc.Core;
using Tidings.Kernel.Iam;
using Tidings.Protos.Iam;
using Tidings.PubSub;
using Tidings.PubSub.Cells;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// google.iam.v1.IAMPolicy for Pub/Sub's topics, subscriptions, snapshots and schemas, as Google mixes it into the
/// Pub/Sub endpoint. Its REST form is <see cref="PubSubIamRestRoutes"/>, which calls the same static methods.
/// </summary>
internal sealed class PubSubIamPolicyService(PubSubCells cells) : IAMPolicy.IAMPolicyBase
{
    public override Task<Policy> GetIamPolicy(GetIamPolicyRequest request, ServerCallContext context) => Task.FromResult(Get(cells, request));

    public override Task<Policy> SetIamPolicy(SetIamPolicyRequest request, ServerCallContext context) => Task.FromResult(Set(cells, request));

    public override Task<TestIamPermissionsResponse> TestIamPermissions(TestIamPermissionsRequest request, ServerCallContext context) =>
        Task.FromResult(Test(cells, request));

    internal static Policy Get(PubSubCells cells, GetIamPolicyRequest request) =>
        IamPolicyConversion.ToProto(cells.ForResource(request.Resource).GetIamPolicy(request.Resource, request.Options?.RequestedPolicyVersion ?? 0));

    internal static Policy Set(PubSubCells cells, SetIamPolicyRequest request)
    {
        var requested = request.Policy is { } policy ? IamPolicyConversion.ToKernel(policy) : throw IamErrors.PolicyRequired();
        return IamPolicyConversion.ToProto(cells.ForResource(request.Resource).SetIamPolicy(request.Resource, requested, request.UpdateMask?.Paths ?? []));
    }

    internal static TestIamPermissionsResponse Test(PubSubCells cells, TestIamPermissionsRequest request) =>
        new() { Permissions = { cells.ForResource(request.Resource).TestIamPermissions(request.Resource, request.Permissions) } };
}
