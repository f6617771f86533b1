using Tidings.Kernel.Errors;
using Tidings.Kernel.Iam;
using Tidings.Testing.Errors;

namespace Tidings.Kernel.Tests.Iam;

/// <summary>The IAM error catalogue: every factory pinned to the code and text clients see.</summary>
public sealed class IamErrorsTests : ErrorCatalogueTests
{
    protected override Type Catalogue => typeof(IamErrors);

    protected override IReadOnlyList<ErrorPin> Pins => PinList;

    private static readonly ErrorPin[] PinList =
    [
        new(nameof(IamErrors.ConcurrentPolicyChange), IamErrors.ConcurrentPolicyChange, ErrorCode.Aborted,
            "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff."),
        new(nameof(IamErrors.InvalidMember), IamErrors.InvalidMember, ErrorCode.InvalidArgument, "Policy members must be of the form \"<type>:<value>\"."),
        new(nameof(IamErrors.InvalidPermission), () => IamErrors.InvalidPermission("pubsub.*"), ErrorCode.InvalidArgument, "Permission pubsub.* is not valid."),
        new(nameof(IamErrors.UnsupportedResourceType), () => IamErrors.UnsupportedResourceType("project"), ErrorCode.InvalidArgument,
            "This service cannot be used to manage the permissions of resources of type project. Please find the appropriate service to do so. See https://cloud.google.com/iam/docs/#supported_cloud_platform_services."),
        new(nameof(IamErrors.InvalidPolicyVersion), () => IamErrors.InvalidPolicyVersion(2), ErrorCode.InvalidArgument,
            "Invalid policy version 2: the valid versions are 0, 1 and 3."),
        new(nameof(IamErrors.InvalidRequestedPolicyVersion), () => IamErrors.InvalidRequestedPolicyVersion("2"), ErrorCode.InvalidArgument,
            "Invalid requested_policy_version 2: the valid versions are 0, 1 and 3."),
        new(nameof(IamErrors.ConditionsNeedVersion3), () => IamErrors.ConditionsNeedVersion3(1), ErrorCode.InvalidArgument,
            "A policy with conditional role bindings must have version 3, but the request sets version 1."),
        new(nameof(IamErrors.UnknownPolicyField), () => IamErrors.UnknownPolicyField("owner"), ErrorCode.InvalidArgument,
            "Invalid update_mask provided in the SetIamPolicyRequest: 'owner' is not a known Policy field."),
        new(nameof(IamErrors.PolicyRequired), IamErrors.PolicyRequired, ErrorCode.InvalidArgument, "The policy field of the SetIamPolicyRequest is required."),
    ];
}
