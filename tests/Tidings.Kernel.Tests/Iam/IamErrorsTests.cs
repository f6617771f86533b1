using System.Reflection;
using Tidings.Kernel.Errors;
using Tidings.Kernel.Iam;

namespace Tidings.Kernel.Tests.Iam;

/// <summary>The IAM error catalogue: every factory pinned to the code and text clients see.</summary>
public sealed class IamErrorsTests
{
    [Theory]
    [MemberData(nameof(PinnedFactories))]
    public void Factory_PinnedText_CodeAndMessageUnchanged(string factory)
    {
        var pin = Pins.Single(p => p.Factory == factory);

        var error = pin.Make();

        Assert.Equal(pin.Code, error.Code);
        Assert.Equal(pin.Message, error.Message);
    }

    [Fact]
    public void Catalogue_EveryFactory_IsPinned()
    {
        var factories = typeof(IamErrors).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => method.ReturnType == typeof(TidingsException))
            .Select(method => method.Name);

        Assert.Empty(factories.Except(Pins.Select(pin => pin.Factory)));
    }

    public static TheoryData<string> PinnedFactories => [.. Pins.Select(pin => pin.Factory)];

    private static readonly Pin[] Pins =
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

    private sealed record Pin(string Factory, Func<TidingsException> Make, ErrorCode Code, string Message);
}
