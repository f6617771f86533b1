using Tidings.Kernel.Errors;
using Tidings.PubSub.Filters;

namespace Tidings.PubSub.Errors;

/// <summary>
/// Every error Pub/Sub answers a client, with Google's code and text: one place, so a test pins each message and
/// no text is written inline elsewhere. Texts that are Tidings' own (features not built yet, the push allow-list,
/// the stream recycle note, the page token) say so. Only <see cref="ExactlyOnceAckIdFailure"/> carries details: Google's
/// Pub/Sub sends none with the others (its REST 404s and 400s are code, message and status alone); it sends an
/// <c>ErrorInfo</c> in <see cref="Domain"/> with exactly-once ack failures (and schema validation failures, to come).
/// </summary>
public static class PubSubErrors
{
    /// <summary>The <c>ErrorInfo</c> domain of Pub/Sub's own reasons (exactly-once ack failures, schema validation).</summary>
    public const string Domain = "pubsub.googleapis.com";

    // Resources

    public static TidingsException AlreadyExists(string id) =>
        new(ErrorCode.AlreadyExists, $"Resource already exists in the project (resource={id}).");

    public static TidingsException NotFound(string id) =>
        new(ErrorCode.NotFound, $"Resource not found (resource={id}).");

    public static TidingsException InvalidName(string collection, string name) =>
        new(ErrorCode.InvalidArgument, $"Invalid [{collection}] name: (name={name})");

    public static TidingsException SubscriptionDetached() =>
        new(ErrorCode.FailedPrecondition, "Subscription is detached.");

    /// <summary>A field whose feature Tidings does not have yet: refused rather than silently ignored (Tidings' text).</summary>
    public static TidingsException NotSupportedYet(string field) =>
        new(ErrorCode.InvalidArgument, $"The field {field} is not supported by this Tidings server yet.");

    // Values out of range

    public static TidingsException ValueTooSmall(string field, object passed, object minimum) =>
        new(ErrorCode.InvalidArgument, $"The value for {field} is too small. You passed {passed} in the request, but the minimum value is {minimum}.");

    public static TidingsException ValueTooLarge(string field, object passed, object maximum) =>
        new(ErrorCode.InvalidArgument, $"The value for {field} is too large. You passed {passed} in the request, but the maximum value is {maximum}.");

    public static TidingsException PageSizeTooSmall(int pageSize) => ValueTooSmall("page_size", pageSize, 0);

    /// <summary>Tidings' text: Google's for a token it did not issue is not recorded; the code is AIP-158's.</summary>
    public static TidingsException InvalidPageToken(string pageToken) =>
        new(ErrorCode.InvalidArgument, $"The page token is invalid (page_token={pageToken}).");

    // Publishing

    public static TidingsException NoMessages() => ValueTooSmall("message_count", 0, 1);

    public static TidingsException TooManyMessages(int count, int maximum) => ValueTooLarge("message_count", count, maximum);

    public static TidingsException EmptyMessage() =>
        new(ErrorCode.InvalidArgument, "One or more messages in the publish request is empty. Each message must contain either non-empty data, or at least one attribute.");

    /// <summary>FAILED_PRECONDITION, as the real service answers it (INVALID_ARGUMENT would fit the text better).</summary>
    public static TidingsException MixedOrderingKeys() =>
        new(ErrorCode.FailedPrecondition, "In a single publish request, all messages must have no ordering key or they must all have the same ordering key.");

    /// <summary>Publish requests over 10 MB, Acknowledge and ModifyAckDeadline requests over 512 KiB.</summary>
    public static TidingsException RequestPayloadTooLarge(int limitBytes) =>
        new(ErrorCode.InvalidArgument, $"Request payload size exceeds the limit: {limitBytes} bytes.");

    public static TidingsException OrderingKeyTooLong(int lengthBytes, int maximumBytes) =>
        new(ErrorCode.InvalidArgument, $"The ordering key is too long. The length is {lengthBytes} bytes, but the maximum allowed is {maximumBytes}.");

    public static TidingsException TooManyAttributes(int count, int maximum) =>
        new(ErrorCode.InvalidArgument, $"There are too many attributes in the message. The count is {count}, but the maximum allowed is {maximum}.");

    public static TidingsException EmptyAttributeKey() =>
        new(ErrorCode.InvalidArgument, "One of the attributes in the request has an empty key.");

    public static TidingsException AttributeKeyTooLong(int lengthBytes, int maximumBytes) =>
        new(ErrorCode.InvalidArgument, $"One of the attributes in the request has a key that is too long. The length is {lengthBytes} characters, but the maximum allowed is {maximumBytes}.");

    public static TidingsException AttributeValueTooLong(int lengthBytes, int maximumBytes) =>
        new(ErrorCode.InvalidArgument, $"One of the attributes in the request has a value that is too long. The length is {lengthBytes} characters, but the maximum allowed is {maximumBytes}.");

    // Topic and subscription settings

    public static TidingsException RetentionOutOfRange(TimeSpan retention) =>
        new(ErrorCode.InvalidArgument, $"The value for message_retention_duration is out of range. You passed {(long)retention.TotalSeconds}s in the request, but it must be between 600s and 2678400s.");

    public static TidingsException ExpirationTtlTooShort(TimeSpan ttl) =>
        new(ErrorCode.InvalidArgument, $"Invalid expiration_policy: the ttl must be at least 1 day (you passed {(long)ttl.TotalSeconds}s).");

    public static TidingsException ExpirationTtlBelowRetention() =>
        new(ErrorCode.InvalidArgument, "Invalid expiration_policy: the ttl must not be shorter than message_retention_duration.");

    /// <summary>
    /// OUT_OF_RANGE, as Google's emulator answers (the real service's code is not recorded); the text is Google's
    /// usual range text.
    /// </summary>
    public static TidingsException MaxDeliveryAttemptsTooSmall(int passed, int minimum) =>
        new(ErrorCode.OutOfRange, $"The value for max_delivery_attempts is too small. You passed {passed} in the request, but the minimum value is {minimum}.");

    /// <inheritdoc cref="MaxDeliveryAttemptsTooSmall"/>
    public static TidingsException MaxDeliveryAttemptsTooLarge(int passed, int maximum) =>
        new(ErrorCode.OutOfRange, $"The value for max_delivery_attempts is too large. You passed {passed} in the request, but the maximum value is {maximum}.");

    public static TidingsException InvalidPushEndpoint(string endpoint) =>
        new(ErrorCode.InvalidArgument, $"Invalid push endpoint given (endpoint={endpoint}). Refer to https://cloud.google.com/pubsub/docs/push#configure_push_endpoints for restrictions.");

    /// <summary>The operator's allow-list refused the host (Tidings' text).</summary>
    public static TidingsException PushEndpointNotAllowed(string endpoint) =>
        new(ErrorCode.InvalidArgument, $"Invalid push endpoint given (endpoint={endpoint}): its host is not in this server's list of allowed push hosts.");

    /// <summary>
    /// Exactly-once delivery asked for together with a push endpoint: Google offers it on pull subscriptions only
    /// ("Push and export subscriptions don't support exactly-once delivery"). Google's exact text was not found;
    /// this is the wording other Pub/Sub fakes answer with.
    /// </summary>
    public static TidingsException ExactlyOnceWithPush() =>
        new(ErrorCode.InvalidArgument, "Exactly once delivery is not supported for push subscriptions.");

    // Update masks

    /// <param name="requestType">e.g. <c>UpdateTopicRequest</c>.</param>
    public static TidingsException UpdateMaskMissing(string requestType) =>
        new(ErrorCode.InvalidArgument, $"Invalid update_mask provided in the {requestType}: the update_mask must be set and list at least one field.");

    /// <param name="requestType">e.g. <c>UpdateTopicRequest</c>.</param>
    /// <param name="resourceType">e.g. <c>Topic</c>.</param>
    public static TidingsException UnknownUpdateMaskField(string requestType, string resourceType, string path) =>
        new(ErrorCode.InvalidArgument, $"Invalid update_mask provided in the {requestType}: '{path}' is not a known {resourceType} field. Note that field paths must be of the form 'field' or 'nested.field'.");

    /// <summary>
    /// A subscription field set at creation only (topic, enable_message_ordering, filter). Google's text, as recorded
    /// against the live service for <c>filter</c> (floci-io/floci-gcp#112), which refuses the path even with an
    /// unchanged value.
    /// </summary>
    public static TidingsException SubscriptionFieldNotMutable(string field) =>
        new(ErrorCode.InvalidArgument, $"Invalid update_mask provided in the UpdateSubscriptionRequest: the '{field}' field in the Subscription is not mutable.");

    // Filters

    /// <summary>
    /// A filter that does not parse, or is too long. Google's code; its text is not on record, so this one is
    /// Tidings': what is wrong, what was found and at which character (1-based), so the filter can be fixed.
    /// </summary>
    public static TidingsException InvalidFilter(FilterError error)
    {
        if (error.Problem == FilterProblem.TooLong)
        {
            return new(ErrorCode.InvalidArgument, $"Invalid filter: the filter is {error.Found} bytes long, but the maximum is {MessageFilter.MaxLengthBytes} bytes.");
        }
        var found = error.Found is null ? "the end of the filter" : $"'{error.Found}'";
        return new(ErrorCode.InvalidArgument, $"Invalid filter: {DescribeFilterProblem(error.Problem)}; found {found} at character {error.Position}.");
    }

    private static string DescribeFilterProblem(FilterProblem problem) => problem switch
    {
        FilterProblem.UnexpectedCharacter => "this character is not part of the filter language",
        FilterProblem.EscapeOutsideLiteral => "escape sequences are allowed only inside string literals (quote the key: attributes:\"...\")",
        FilterProblem.UnterminatedString => "the string literal is not closed",
        FilterProblem.InvalidEscape => "not a valid escape sequence (use \\\\, \\\", \\', \\a, \\b, \\f, \\n, \\r, \\t, \\v, \\?, \\`, \\xHH, \\uHHHH, \\UHHHHHHHH or \\ooo up to \\377)",
        FilterProblem.LowercaseOperator => "the operators AND, OR and NOT must be written in uppercase",
        FilterProblem.MixedAndOr => "AND and OR cannot be mixed without parentheses (write a AND (b OR c))",
        FilterProblem.ExpectedCondition => "expected a condition: attributes:KEY, attributes.KEY = \"value\", attributes.KEY != \"value\", hasPrefix(attributes.KEY, \"prefix\"), NOT or a parenthesis",
        FilterProblem.LiteralOutsideComparison => "a string literal may only follow = or != (attributes.KEY = \"value\"), or be a key or a hasPrefix prefix",
        FilterProblem.UnknownField => "filters can only test message attributes (attributes.KEY or attributes:KEY)",
        FilterProblem.UnknownFunction => "unknown function: hasPrefix is the only one",
        FilterProblem.ExpectedAttributeAccess => "expected '.' or ':' after attributes",
        FilterProblem.ExpectedKey => "expected an attribute key: letters, digits, '_' and '-', or a string literal for any other key",
        FilterProblem.ExpectedComparison => "expected = or != after attributes.KEY (attributes:KEY tests that a key exists)",
        FilterProblem.ExpectedAttributeReference => "expected attributes.KEY as the first argument of hasPrefix",
        FilterProblem.OrderingComparison => "the comparison operators are =, != and : only",
        FilterProblem.ExpectedValue => "expected a string literal in quotes (values are never unquoted)",
        FilterProblem.ExpectedComma => "expected ',' between the arguments of hasPrefix",
        FilterProblem.ExpectedClosingParenthesis => "expected ')'",
        FilterProblem.ExpectedOpeningParenthesis => "expected '(' after hasPrefix",
        FilterProblem.UnmatchedClosingParenthesis => "this ')' has no matching '('",
        FilterProblem.ExpectedOperator => "expected AND, OR, ')' or the end of the filter",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };

    // Acks and deadlines

    public static TidingsException NoAckIds() => ValueTooSmall("ack_ids", 0, 1);

    public static TidingsException InvalidAckId(string ackId) =>
        new(ErrorCode.InvalidArgument, $"You have passed an invalid ack ID to the service (ack_id={ackId}).");

    /// <summary>The <c>ErrorInfo</c> reason of an exactly-once ack or modack that did not succeed for every id.</summary>
    public const string ExactlyOnceAckIdFailureReason = "EXACTLY_ONCE_ACKID_FAILURE";

    /// <summary>
    /// Acknowledge or ModifyAckDeadline on an exactly-once subscription where some ids failed: Google's text, with an
    /// <c>ErrorInfo</c> whose metadata maps each failed id to its code (<see cref="ExactlyOnce.AckIdFailureCodes"/>);
    /// ids not listed succeeded.
    /// </summary>
    public static TidingsException ExactlyOnceAckIdFailure(IReadOnlyDictionary<string, string> failedAckIds) =>
        new(ErrorCode.InvalidArgument,
            "Some acknowledgement ids in the request were invalid. This could be because the acknowledgement ids have expired or the acknowledgement ids were malformed.",
            new ErrorInfo(ExactlyOnceAckIdFailureReason, Domain, failedAckIds));

    public static TidingsException MaxMessagesTooSmall(int maxMessages) => ValueTooSmall("max_messages", maxMessages, 1);

    public static TidingsException AckDeadlineTooSmall(int seconds) => ValueTooSmall("ack_deadline_seconds", seconds, 0);

    public static TidingsException AckDeadlineTooLarge(int seconds, int maximumSeconds) => ValueTooLarge("ack_deadline_seconds", seconds, maximumSeconds);

    public static TidingsException ModifyDeadlineCountMismatch(int deadlines, int ackIds) =>
        new(ErrorCode.InvalidArgument, $"Request setting modify_deadline_seconds and modify_deadline_ack_ids must be the same length. You passed {deadlines} deadlines and {ackIds} ack ids.");

    // Seek and snapshots

    /// <summary>A SeekRequest with neither <c>time</c> nor <c>snapshot</c>. Google's text is not on record; this one is Tidings'.</summary>
    public static TidingsException SeekTargetMissing() =>
        new(ErrorCode.InvalidArgument, "A seek request must set either time or snapshot.");

    /// <summary>
    /// CreateSnapshot on a subscription whose oldest unacked message is so old that the snapshot would live less than
    /// an hour (Google: "FAILED_PRECONDITION is returned"); Google's text is not on record, this one is Tidings'.
    /// </summary>
    public static TidingsException SnapshotWouldExpireSoon(DateTimeOffset expireTime) =>
        new(ErrorCode.FailedPrecondition, $"The subscription's backlog is too old: a snapshot of it would expire in less than 1 hour (at {expireTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}).");

    /// <summary>
    /// Seek to a snapshot of another topic (or of a topic since deleted and re-created): FAILED_PRECONDITION, as the
    /// emulator answers; the text is Google's documented rule, the exact message is not on record.
    /// </summary>
    public static TidingsException SnapshotTopicMismatch(string snapshot, string subscription) =>
        new(ErrorCode.FailedPrecondition, $"The snapshot's topic must be the same as that of the subscription (snapshot={snapshot}, subscription={subscription}).");

    /// <summary>UpdateSnapshot with an expire_time in the past or beyond the snapshot's 7 days (Tidings' text).</summary>
    public static TidingsException InvalidSnapshotExpireTime(DateTimeOffset maximum) =>
        new(ErrorCode.InvalidArgument, $"Invalid expire_time: it must be in the future and no later than {maximum.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, 7 days after the oldest message the snapshot holds.");

    // StreamingPull

    public static TidingsException SubscriptionOnlyInInitialRequest() =>
        new(ErrorCode.InvalidArgument, "subscription must only be specified in the initial request.");

    public static TidingsException StreamSettingsOnlyInInitialRequest() =>
        new(ErrorCode.InvalidArgument, "client_id, max_outstanding_messages, max_outstanding_bytes and protocol_version must only be specified in the initial request.");

    /// <summary>
    /// Ends a stream at its maximum lifetime. UNAVAILABLE, as the real service recycles streams, so every client
    /// reopens it; the note in parentheses is Tidings'.
    /// </summary>
    public static TidingsException StreamRecycled() =>
        new(ErrorCode.Unavailable, "The service was unable to fulfill your request. Please try again. (stream recycled)");
}
