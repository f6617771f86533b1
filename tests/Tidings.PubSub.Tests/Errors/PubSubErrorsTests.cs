using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Filters;
using Tidings.Testing.Errors;

namespace Tidings.PubSub.Tests.Errors;

/// <summary>The error catalogue: the codes and the texts users match on (§0 item 11), every factory pinned.</summary>
public sealed class PubSubErrorsTests : ErrorCatalogueTests
{
    protected override Type Catalogue => typeof(PubSubErrors);

    protected override IReadOnlyList<ErrorPin> Pins => PinList;

    protected override IReadOnlyCollection<string> PinnedElsewhere => [nameof(PubSubErrors.ExactlyOnceAckIdFailure)];

    [Fact]
    public void AlreadyExists_Id_GoogleText()
    {
        var error = PubSubErrors.AlreadyExists("orders");

        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        Assert.Equal("Resource already exists in the project (resource=orders).", error.Message);
    }

    [Fact]
    public void NotFound_Id_GoogleText()
    {
        var error = PubSubErrors.NotFound("orders");

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Resource not found (resource=orders).", error.Message);
    }

    [Fact]
    public void InvalidName_CollectionAndName_GoogleText()
    {
        var error = PubSubErrors.InvalidName("topics", "projects/p/topics/1abc");

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid [topics] name: (name=projects/p/topics/1abc)", error.Message);
    }

    [Fact]
    public void InvalidAckId_AckId_GoogleText()
    {
        var error = PubSubErrors.InvalidAckId("bad");

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("You have passed an invalid ack ID to the service (ack_id=bad).", error.Message);
    }

    [Fact]
    public void SubscriptionDetached_FailedPrecondition()
    {
        var error = PubSubErrors.SubscriptionDetached();

        Assert.Equal(ErrorCode.FailedPrecondition, error.Code);
        Assert.Equal("Subscription is detached.", error.Message);
    }

    [Fact]
    public void ExactlyOnceAckIdFailure_FailedIds_GoogleTextAndErrorInfo()
    {
        var error = PubSubErrors.ExactlyOnceAckIdFailure(new Dictionary<string, string> { ["1-2-3"] = "PERMANENT_FAILURE_INVALID_ACK_ID" });

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal(
            "Some acknowledgement ids in the request were invalid. This could be because the acknowledgement ids have expired or the acknowledgement ids were malformed.",
            error.Message);
        var info = Assert.IsType<ErrorInfo>(error.Info);
        Assert.Equal("EXACTLY_ONCE_ACKID_FAILURE", info.Reason);
        Assert.Equal("pubsub.googleapis.com", info.Domain);
        Assert.Equal("PERMANENT_FAILURE_INVALID_ACK_ID", Assert.Single(info.Metadata).Value);
    }

    [Fact]
    public void ErrorCode_Values_MatchGrpcStatusCodes()
    {
        Assert.Equal(3, (int)ErrorCode.InvalidArgument);
        Assert.Equal(5, (int)ErrorCode.NotFound);
        Assert.Equal(6, (int)ErrorCode.AlreadyExists);
        Assert.Equal(9, (int)ErrorCode.FailedPrecondition);
        Assert.Equal(12, (int)ErrorCode.Unimplemented);
        Assert.Equal(14, (int)ErrorCode.Unavailable);
    }

    [Fact]
    public void EveryPinnedError_CarriesNoDetails() =>
        Assert.Empty(PinList.Where(pin => pin.Make().HasDetails).Select(pin => pin.Factory));

    /// <summary>Every factory of the catalogue with an example call and the exact code and text clients see.</summary>
    private static readonly ErrorPin[] PinList =
    [
        new(nameof(PubSubErrors.AlreadyExists), () => PubSubErrors.AlreadyExists("orders"), ErrorCode.AlreadyExists,
            "Resource already exists in the project (resource=orders)."),
        new(nameof(PubSubErrors.NotFound), () => PubSubErrors.NotFound("orders"), ErrorCode.NotFound,
            "Resource not found (resource=orders)."),
        new(nameof(PubSubErrors.InvalidName), () => PubSubErrors.InvalidName("subscriptions", "projects/p/topics/t"), ErrorCode.InvalidArgument,
            "Invalid [subscriptions] name: (name=projects/p/topics/t)"),
        new(nameof(PubSubErrors.SubscriptionDetached), PubSubErrors.SubscriptionDetached, ErrorCode.FailedPrecondition,
            "Subscription is detached."),
        new(nameof(PubSubErrors.NotSupportedYet), () => PubSubErrors.NotSupportedYet("filter"), ErrorCode.InvalidArgument,
            "The field filter is not supported by this Tidings server yet."),
        new(nameof(PubSubErrors.ValueTooSmall), () => PubSubErrors.ValueTooSmall("ack_deadline_seconds", 5, 10), ErrorCode.InvalidArgument,
            "The value for ack_deadline_seconds is too small. You passed 5 in the request, but the minimum value is 10."),
        new(nameof(PubSubErrors.ValueTooLarge), () => PubSubErrors.ValueTooLarge("message_retention_duration", "2678401s", "2678400s"), ErrorCode.InvalidArgument,
            "The value for message_retention_duration is too large. You passed 2678401s in the request, but the maximum value is 2678400s."),
        new(nameof(PubSubErrors.PageSizeTooSmall), () => PubSubErrors.PageSizeTooSmall(-1), ErrorCode.InvalidArgument,
            "The value for page_size is too small. You passed -1 in the request, but the minimum value is 0."),
        new(nameof(PubSubErrors.InvalidPageToken), () => PubSubErrors.InvalidPageToken("xyz"), ErrorCode.InvalidArgument,
            "The page token is invalid (page_token=xyz)."),
        new(nameof(PubSubErrors.NoMessages), PubSubErrors.NoMessages, ErrorCode.InvalidArgument,
            "The value for message_count is too small. You passed 0 in the request, but the minimum value is 1."),
        new(nameof(PubSubErrors.TooManyMessages), () => PubSubErrors.TooManyMessages(1001, 1000), ErrorCode.InvalidArgument,
            "The value for message_count is too large. You passed 1001 in the request, but the maximum value is 1000."),
        new(nameof(PubSubErrors.EmptyMessage), PubSubErrors.EmptyMessage, ErrorCode.InvalidArgument,
            "One or more messages in the publish request is empty. Each message must contain either non-empty data, or at least one attribute."),
        new(nameof(PubSubErrors.MixedOrderingKeys), PubSubErrors.MixedOrderingKeys, ErrorCode.FailedPrecondition,
            "In a single publish request, all messages must have no ordering key or they must all have the same ordering key."),
        new(nameof(PubSubErrors.RequestPayloadTooLarge), () => PubSubErrors.RequestPayloadTooLarge(10485760), ErrorCode.InvalidArgument,
            "Request payload size exceeds the limit: 10485760 bytes."),
        new(nameof(PubSubErrors.OrderingKeyTooLong), () => PubSubErrors.OrderingKeyTooLong(1025, 1024), ErrorCode.InvalidArgument,
            "The ordering key is too long. The length is 1025 bytes, but the maximum allowed is 1024."),
        new(nameof(PubSubErrors.TooManyAttributes), () => PubSubErrors.TooManyAttributes(101, 100), ErrorCode.InvalidArgument,
            "There are too many attributes in the message. The count is 101, but the maximum allowed is 100."),
        new(nameof(PubSubErrors.EmptyAttributeKey), PubSubErrors.EmptyAttributeKey, ErrorCode.InvalidArgument,
            "One of the attributes in the request has an empty key."),
        new(nameof(PubSubErrors.AttributeKeyTooLong), () => PubSubErrors.AttributeKeyTooLong(257, 256), ErrorCode.InvalidArgument,
            "One of the attributes in the request has a key that is too long. The length is 257 characters, but the maximum allowed is 256."),
        new(nameof(PubSubErrors.AttributeValueTooLong), () => PubSubErrors.AttributeValueTooLong(1025, 1024), ErrorCode.InvalidArgument,
            "One of the attributes in the request has a value that is too long. The length is 1025 characters, but the maximum allowed is 1024."),
        new(nameof(PubSubErrors.RetentionOutOfRange), () => PubSubErrors.RetentionOutOfRange(TimeSpan.FromSeconds(599)), ErrorCode.InvalidArgument,
            "The value for message_retention_duration is out of range. You passed 599s in the request, but it must be between 600s and 2678400s."),
        new(nameof(PubSubErrors.ExpirationTtlTooShort), () => PubSubErrors.ExpirationTtlTooShort(TimeSpan.FromHours(1)), ErrorCode.InvalidArgument,
            "Invalid expiration_policy: the ttl must be at least 1 day (you passed 3600s)."),
        new(nameof(PubSubErrors.ExpirationTtlBelowRetention), PubSubErrors.ExpirationTtlBelowRetention, ErrorCode.InvalidArgument,
            "Invalid expiration_policy: the ttl must not be shorter than message_retention_duration."),
        new(nameof(PubSubErrors.MaxDeliveryAttemptsTooSmall), () => PubSubErrors.MaxDeliveryAttemptsTooSmall(4, 5), ErrorCode.OutOfRange,
            "The value for max_delivery_attempts is too small. You passed 4 in the request, but the minimum value is 5."),
        new(nameof(PubSubErrors.MaxDeliveryAttemptsTooLarge), () => PubSubErrors.MaxDeliveryAttemptsTooLarge(101, 100), ErrorCode.OutOfRange,
            "The value for max_delivery_attempts is too large. You passed 101 in the request, but the maximum value is 100."),
        new(nameof(PubSubErrors.ExactlyOnceWithPush), PubSubErrors.ExactlyOnceWithPush, ErrorCode.InvalidArgument,
            "Exactly once delivery is not supported for push subscriptions."),
        new(nameof(PubSubErrors.InvalidPushEndpoint), () => PubSubErrors.InvalidPushEndpoint("ftp://x"), ErrorCode.InvalidArgument,
            "Invalid push endpoint given (endpoint=ftp://x). Refer to https://cloud.google.com/pubsub/docs/push#configure_push_endpoints for restrictions."),
        new(nameof(PubSubErrors.PushEndpointNotAllowed), () => PubSubErrors.PushEndpointNotAllowed("https://elsewhere/push"), ErrorCode.InvalidArgument,
            "Invalid push endpoint given (endpoint=https://elsewhere/push): its host is not in this server's list of allowed push hosts."),
        new(nameof(PubSubErrors.UpdateMaskMissing), () => PubSubErrors.UpdateMaskMissing("UpdateTopicRequest"), ErrorCode.InvalidArgument,
            "Invalid update_mask provided in the UpdateTopicRequest: the update_mask must be set and list at least one field."),
        new(nameof(PubSubErrors.UnknownUpdateMaskField), () => PubSubErrors.UnknownUpdateMaskField("UpdateSubscriptionRequest", "Subscription", "colour"), ErrorCode.InvalidArgument,
            "Invalid update_mask provided in the UpdateSubscriptionRequest: 'colour' is not a known Subscription field. Note that field paths must be of the form 'field' or 'nested.field'."),
        new(nameof(PubSubErrors.SubscriptionFieldNotMutable), () => PubSubErrors.SubscriptionFieldNotMutable("topic"), ErrorCode.InvalidArgument,
            "Invalid update_mask provided in the UpdateSubscriptionRequest: the 'topic' field in the Subscription is not mutable."),
        new(nameof(PubSubErrors.InvalidFilter), () => PubSubErrors.InvalidFilter(new FilterError(FilterProblem.MixedAndOr, 25, "OR")), ErrorCode.InvalidArgument,
            "Invalid filter: AND and OR cannot be mixed without parentheses (write a AND (b OR c)); found 'OR' at character 25."),
        new(nameof(PubSubErrors.NoAckIds), PubSubErrors.NoAckIds, ErrorCode.InvalidArgument,
            "The value for ack_ids is too small. You passed 0 in the request, but the minimum value is 1."),
        new(nameof(PubSubErrors.InvalidAckId), () => PubSubErrors.InvalidAckId("bad"), ErrorCode.InvalidArgument,
            "You have passed an invalid ack ID to the service (ack_id=bad)."),
        new(nameof(PubSubErrors.MaxMessagesTooSmall), () => PubSubErrors.MaxMessagesTooSmall(0), ErrorCode.InvalidArgument,
            "The value for max_messages is too small. You passed 0 in the request, but the minimum value is 1."),
        new(nameof(PubSubErrors.AckDeadlineTooSmall), () => PubSubErrors.AckDeadlineTooSmall(-1), ErrorCode.InvalidArgument,
            "The value for ack_deadline_seconds is too small. You passed -1 in the request, but the minimum value is 0."),
        new(nameof(PubSubErrors.AckDeadlineTooLarge), () => PubSubErrors.AckDeadlineTooLarge(601, 600), ErrorCode.InvalidArgument,
            "The value for ack_deadline_seconds is too large. You passed 601 in the request, but the maximum value is 600."),
        new(nameof(PubSubErrors.ModifyDeadlineCountMismatch), () => PubSubErrors.ModifyDeadlineCountMismatch(2, 3), ErrorCode.InvalidArgument,
            "Request setting modify_deadline_seconds and modify_deadline_ack_ids must be the same length. You passed 2 deadlines and 3 ack ids."),
        new(nameof(PubSubErrors.SeekTargetMissing), PubSubErrors.SeekTargetMissing, ErrorCode.InvalidArgument,
            "A seek request must set either time or snapshot."),
        new(nameof(PubSubErrors.SnapshotWouldExpireSoon), () => PubSubErrors.SnapshotWouldExpireSoon(new DateTimeOffset(2026, 1, 8, 0, 30, 0, TimeSpan.Zero)), ErrorCode.FailedPrecondition,
            "The subscription's backlog is too old: a snapshot of it would expire in less than 1 hour (at 2026-01-08T00:30:00Z)."),
        new(nameof(PubSubErrors.SnapshotTopicMismatch), () => PubSubErrors.SnapshotTopicMismatch("projects/p/snapshots/snap", "projects/p/subscriptions/sub"), ErrorCode.FailedPrecondition,
            "The snapshot's topic must be the same as that of the subscription (snapshot=projects/p/snapshots/snap, subscription=projects/p/subscriptions/sub)."),
        new(nameof(PubSubErrors.InvalidSnapshotExpireTime), () => PubSubErrors.InvalidSnapshotExpireTime(new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.Zero)), ErrorCode.InvalidArgument,
            "Invalid expire_time: it must be in the future and no later than 2026-01-08T00:00:00Z, 7 days after the oldest message the snapshot holds."),
        new(nameof(PubSubErrors.SubscriptionOnlyInInitialRequest), PubSubErrors.SubscriptionOnlyInInitialRequest, ErrorCode.InvalidArgument,
            "subscription must only be specified in the initial request."),
        new(nameof(PubSubErrors.StreamSettingsOnlyInInitialRequest), PubSubErrors.StreamSettingsOnlyInInitialRequest, ErrorCode.InvalidArgument,
            "client_id, max_outstanding_messages, max_outstanding_bytes and protocol_version must only be specified in the initial request."),
        new(nameof(PubSubErrors.StreamRecycled), PubSubErrors.StreamRecycled, ErrorCode.Unavailable,
            "The service was unable to fulfill your request. Please try again. (stream recycled)"),
    ];
}
