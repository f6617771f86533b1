using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>The checks every Update RPC makes before applying a mask.</summary>
public sealed class UpdateMasksTests
{
    [Fact]
    public void Require_MaskWithPaths_ReturnsThemInOrder()
    {
        var paths = UpdateMasks.Require(new Topic(), "topics", new FieldMask { Paths = { "labels", "kms_key_name" } }, nameof(UpdateTopicRequest));

        Assert.Equal(["labels", "kms_key_name"], paths);
    }

    [Fact]
    public void Require_NoResource_IsTheInvalidEmptyName() =>
        DomainErrorAssert.Throws(PubSubErrors.InvalidName("subscriptions", ""),
            () => UpdateMasks.Require(null, "subscriptions", new FieldMask { Paths = { "labels" } }, nameof(UpdateSubscriptionRequest)));

    [Fact]
    public void Require_NoMask_IsInvalidArgumentNamingTheRequest() =>
        DomainErrorAssert.Throws(
            new TidingsException(ErrorCode.InvalidArgument, "Invalid update_mask provided in the UpdateTopicRequest: the update_mask must be set and list at least one field."),
            () => UpdateMasks.Require(new Topic(), "topics", null, nameof(UpdateTopicRequest)));

    [Fact]
    public void Require_EmptyMask_IsInvalidArgumentNamingTheRequest() =>
        DomainErrorAssert.Throws(
            new TidingsException(ErrorCode.InvalidArgument, "Invalid update_mask provided in the UpdateSubscriptionRequest: the update_mask must be set and list at least one field."),
            () => UpdateMasks.Require(new Subscription(), "subscriptions", new FieldMask(), nameof(UpdateSubscriptionRequest)));
}
