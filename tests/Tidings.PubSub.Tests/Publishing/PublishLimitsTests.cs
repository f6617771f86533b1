using Tidings.Kernel.Errors;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Publishing;

/// <summary>Google's publish limits (§1.3) and the empty-message and ordering-key rules (§0 items 19, 20).</summary>
public sealed class PublishLimitsTests
{
    private static readonly PublishMessage Valid = BrokerHarness.Message("data");

    [Fact]
    public void Validate_OrdinaryRequest_Passes()
    {
        PublishLimits.Validate([Valid, BrokerHarness.Message("", ("k", "v"))], 100, enforceSizeLimits: true);
    }

    [Fact]
    public void Validate_NoMessages_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => PublishLimits.Validate([], 0, enforceSizeLimits: true));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Validate_EmptyMessage_ThrowsInvalidArgumentEvenWithoutEnforcement(bool enforce)
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "One or more messages in the publish request is empty. Each message must contain either non-empty data, or at least one attribute.",
            () => PublishLimits.Validate([Valid, BrokerHarness.Message("")], 10, enforce));
    }

    [Fact]
    public void Validate_OrderingKeyOnly_CountsAsEmpty()
    {
        var keyOnly = BrokerHarness.Message("") with { OrderingKey = "key" };

        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => PublishLimits.Validate([keyOnly], 10, enforceSizeLimits: true));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Validate_MixedOrderingKeys_ThrowsFailedPrecondition(bool enforce)
    {
        var first = Valid with { OrderingKey = "a" };
        var second = Valid with { OrderingKey = "b" };

        PubSubAssert.Throws(ErrorCode.FailedPrecondition,
            "In a single publish request, all messages must have no ordering key or they must all have the same ordering key.",
            () => PublishLimits.Validate([first, second], 10, enforce));
    }

    [Fact]
    public void Validate_SameOrderingKey_Passes()
    {
        PublishLimits.Validate([Valid with { OrderingKey = "a" }, Valid with { OrderingKey = "a" }], 10, enforceSizeLimits: true);
    }

    [Fact]
    public void Validate_1000Messages_Passes()
    {
        PublishLimits.Validate(Enumerable.Repeat(Valid, 1000).ToArray(), 10_000, enforceSizeLimits: true);
    }

    [Fact]
    public void Validate_1001Messages_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "The value for message_count is too large. You passed 1001 in the request, but the maximum value is 1000.",
            () => PublishLimits.Validate(Enumerable.Repeat(Valid, 1001).ToArray(), 10_000, enforceSizeLimits: true));
    }

    [Fact]
    public void Validate_100Attributes_Passes()
    {
        PublishLimits.Validate([WithAttributes(100)], 10_000, enforceSizeLimits: true);
    }

    [Fact]
    public void Validate_101Attributes_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "There are too many attributes in the message. The count is 101, but the maximum allowed is 100.",
            () => PublishLimits.Validate([WithAttributes(101)], 10_000, enforceSizeLimits: true));
    }

    [Fact]
    public void Validate_AttributeKeyOf257Bytes_ThrowsInvalidArgument()
    {
        var message = BrokerHarness.Message("d", (new string('k', 257), "v"));

        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "One of the attributes in the request has a key that is too long. The length is 257 characters, but the maximum allowed is 256.",
            () => PublishLimits.Validate([message], 10_000, enforceSizeLimits: true));
    }

    [Fact]
    public void Validate_AttributeKeyOf256Bytes_Passes()
    {
        PublishLimits.Validate([BrokerHarness.Message("d", (new string('k', 256), "v"))], 10_000, enforceSizeLimits: true);
    }

    [Fact]
    public void Validate_AttributeValueOf1025Bytes_ThrowsInvalidArgument()
    {
        var message = BrokerHarness.Message("d", ("k", new string('v', 1025)));

        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "One of the attributes in the request has a value that is too long. The length is 1025 characters, but the maximum allowed is 1024.",
            () => PublishLimits.Validate([message], 10_000, enforceSizeLimits: true));
    }

    [Fact]
    public void Validate_AttributeValueLimit_CountsUtf8Bytes()
    {
        var message = BrokerHarness.Message("d", ("k", new string('é', 513))); // 1,026 bytes in UTF-8

        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => PublishLimits.Validate([message], 10_000, enforceSizeLimits: true));
    }

    [Fact]
    public void Validate_AttributeValueOf1024Bytes_Passes()
    {
        PublishLimits.Validate([BrokerHarness.Message("d", ("k", new string('v', 1024)))], 10_000, enforceSizeLimits: true);
    }

    [Fact]
    public void Validate_EmptyAttributeKey_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "One of the attributes in the request has an empty key.",
            () => PublishLimits.Validate([BrokerHarness.Message("d", ("", "v"))], 10, enforceSizeLimits: true));
    }

    [Fact]
    public void Validate_OrderingKeyOver1024Bytes_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            () => PublishLimits.Validate([Valid with { OrderingKey = new string('o', 1025) }], 10_000, enforceSizeLimits: true));
    }

    [Fact]
    public void Validate_RequestOf10MiB_Passes()
    {
        PublishLimits.Validate([Valid], PublishLimits.MaxRequestBytes, enforceSizeLimits: true);
    }

    [Fact]
    public void Validate_RequestOver10MiB_ThrowsInvalidArgumentWithGoogleText()
    {
        Assert.Equal(10_485_760, PublishLimits.MaxRequestBytes);

        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Request payload size exceeds the limit: 10485760 bytes.",
            () => PublishLimits.Validate([Valid], PublishLimits.MaxRequestBytes + 1L, enforceSizeLimits: true));
    }

    [Fact]
    public void Validate_EnforcementOff_SkipsSizeAndCountLimits()
    {
        var oversized = BrokerHarness.Message("d", (new string('k', 300), new string('v', 2000)));
        var messages = Enumerable.Repeat(oversized, 1001).Append(WithAttributes(150)).ToArray();

        PublishLimits.Validate(messages, 50L * 1024 * 1024, enforceSizeLimits: false);
    }

    private static PublishMessage WithAttributes(int count) =>
        BrokerHarness.Message("d", [.. Enumerable.Range(0, count).Select(i => ($"key{i}", "v"))]);
}
