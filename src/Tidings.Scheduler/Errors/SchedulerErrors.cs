using Tidings.Kernel.Errors;

namespace Tidings.Scheduler.Errors;

/// <summary>
/// Every error Cloud Scheduler answers a client, and every status text a job's last attempt records: one place, so
/// a test pins each text and none is written inline elsewhere. Where Google's exact text is recorded (bad schedule,
/// duplicate job, missing job, attempt deadline, empty Pub/Sub message) it is Google's; the rest say "Tidings' text"
/// and follow the shape of Google's nearest recorded message.
/// </summary>
public static class SchedulerErrors
{
    // Names

    /// <summary>Tidings' text, in the shape of Cloud Tasks' recorded "Queue name must be formatted" error.</summary>
    public static TidingsException InvalidJobName(string name) =>
        new(ErrorCode.InvalidArgument, $"Job name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>/jobs/<JOB_ID>\" (got \"{name}\").");

    /// <summary>Tidings' text, in the shape of <see cref="InvalidJobName"/>.</summary>
    public static TidingsException InvalidParent(string parent) =>
        new(ErrorCode.InvalidArgument, $"Parent must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>\" (got \"{parent}\").");

    /// <summary>Tidings' text, in the shape of Cloud Tasks' recorded named-task-in-another-queue error.</summary>
    public static TidingsException JobInOtherLocation(string parent, string jobName) =>
        new(ErrorCode.InvalidArgument, $"The location name from request ('{parent}') must be the same as the location name in the named job ('{jobName}').");

    // Lifecycle

    /// <summary>Google's text, as gcloud prints it (<c>NOT_FOUND: Job not found.</c>).</summary>
    public static TidingsException JobNotFound() => new(ErrorCode.NotFound, "Job not found.");

    /// <summary>Google's text (REST 409).</summary>
    public static TidingsException JobAlreadyExists(string name) => new(ErrorCode.AlreadyExists, $"Job {name} already exists.");

    /// <summary>Google's text for pausing a paused job, as gcloud reports it.</summary>
    public static TidingsException JobAlreadyPaused() => new(ErrorCode.FailedPrecondition, "Job has been paused.");

    /// <summary>Tidings' text: resuming a job that is not paused.</summary>
    public static TidingsException JobNotPaused() => new(ErrorCode.FailedPrecondition, "Job is not paused, so it cannot be resumed.");

    // Schedule

    /// <summary>Google's text for any schedule or time zone it cannot read, and for a missing schedule.</summary>
    public static TidingsException InvalidSchedule() => new(ErrorCode.InvalidArgument, "Schedule or time zone is invalid.");

    // Job fields

    /// <summary>Tidings' text.</summary>
    public static TidingsException TargetRequired() =>
        new(ErrorCode.InvalidArgument, "A job needs a target: one of http_target, pubsub_target or app_engine_http_target.");

    /// <summary>Tidings' text.</summary>
    public static TidingsException DescriptionTooLong(int length) =>
        new(ErrorCode.InvalidArgument, $"The job description must be at most 500 characters (got {length}).");

    /// <summary>Tidings' text; Google documents "Values greater than 5 and negative values are not allowed."</summary>
    public static TidingsException RetryCountOutOfRange(int retryCount) =>
        new(ErrorCode.InvalidArgument, $"retry_count must be between 0 and 5 (got {retryCount}).");

    /// <summary>Tidings' text.</summary>
    public static TidingsException NegativeDuration(string field) =>
        new(ErrorCode.InvalidArgument, $"{field} must not be negative.");

    /// <summary>Tidings' text.</summary>
    public static TidingsException NegativeMaxDoublings(int maxDoublings) =>
        new(ErrorCode.InvalidArgument, $"max_doublings must not be negative (got {maxDoublings}).");

    /// <summary>Tidings' text.</summary>
    public static TidingsException BackoffRangeInverted() =>
        new(ErrorCode.InvalidArgument, "min_backoff_duration must not be greater than max_backoff_duration.");

    /// <summary>Google's text for an HTTP target's deadline outside [15 s, 30 min].</summary>
    public static TidingsException HttpAttemptDeadlineOutOfRange() =>
        new(ErrorCode.InvalidArgument, "attempt_deadline must be between 15s and 30m0s");

    /// <summary>The App Engine form of <see cref="HttpAttemptDeadlineOutOfRange"/>: [15 s, 24 h 15 s].</summary>
    public static TidingsException AppEngineAttemptDeadlineOutOfRange() =>
        new(ErrorCode.InvalidArgument, "attempt_deadline must be between 15s and 24h0m15s");

    // Targets

    /// <summary>Tidings' text, after gcloud's "Must be a valid HTTP or HTTPS URL."</summary>
    public static TidingsException InvalidUri(string uri) =>
        new(ErrorCode.InvalidArgument, $"The HTTP target uri must be a valid HTTP or HTTPS URL of at most 2083 characters (got \"{uri}\").");

    /// <summary>Tidings' text; Google allows a body only with POST, PUT or PATCH (App Engine: POST or PUT).</summary>
    public static TidingsException BodyNotAllowed(string method) =>
        new(ErrorCode.InvalidArgument, $"A request body is not allowed with HTTP method {method}.");

    /// <summary>Tidings' text; App Engine targets refuse PATCH and OPTIONS.</summary>
    public static TidingsException AppEngineMethodNotAllowed(string method) =>
        new(ErrorCode.InvalidArgument, $"HTTP method {method} is not permitted for App Engine targets.");

    /// <summary>Tidings' text.</summary>
    public static TidingsException InvalidRelativeUri(string relativeUri) =>
        new(ErrorCode.InvalidArgument, $"The App Engine relative_uri must begin with \"/\" and contain no spaces (got \"{relativeUri}\").");

    /// <summary>Tidings' text; Google's limit is 80 KB of headers.</summary>
    public static TidingsException HeadersTooLarge(int bytes) =>
        new(ErrorCode.InvalidArgument, $"The total size of headers must be less than 80KB (got {bytes} bytes).");

    /// <summary>Tidings' text.</summary>
    public static TidingsException InvalidHeader(string name) =>
        new(ErrorCode.InvalidArgument, $"The header \"{name}\" is not a valid HTTP header.");

    /// <summary>Tidings' text.</summary>
    public static TidingsException ServiceAccountRequired(string tokenField) =>
        new(ErrorCode.InvalidArgument, $"{tokenField}.service_account_email must be set.");

    /// <summary>Tidings' text, in the shape of Pub/Sub's invalid-name error.</summary>
    public static TidingsException InvalidTopicName(string topic) =>
        new(ErrorCode.InvalidArgument, $"The Pub/Sub topic_name must be formatted: \"projects/<PROJECT_ID>/topics/<TOPIC_ID>\" (got \"{topic}\").");

    /// <summary>Tidings' text; Google documents that the topic must be in the job's project.</summary>
    public static TidingsException TopicInOtherProject(string topic, string project) =>
        new(ErrorCode.InvalidArgument, $"The Pub/Sub topic {topic} must be in the same project as the job ({project}).");

    /// <summary>Google's text (from its Pub/Sub target documentation).</summary>
    public static TidingsException EmptyPubsubMessage() =>
        new(ErrorCode.InvalidArgument, "Pubsub message must contain either non-empty data, or at least one attribute.");

    // Listing and updating

    /// <summary>Tidings' text.</summary>
    public static TidingsException InvalidPageSize(int pageSize) =>
        new(ErrorCode.InvalidArgument, $"page_size must not be negative (got {pageSize}).");

    /// <summary>Tidings' text; the code is AIP-158's.</summary>
    public static TidingsException InvalidPageToken(string pageToken) =>
        new(ErrorCode.InvalidArgument, $"The page token is invalid (page_token={pageToken}).");

    /// <summary>Tidings' text.</summary>
    public static TidingsException UnknownUpdateMaskField(string path) =>
        new(ErrorCode.InvalidArgument, $"Invalid update_mask provided in the UpdateJobRequest: '{path}' is not a known or updatable Job field.");

    // Attempt outcomes: the status a job's last attempt records (Tidings' texts)

    public static string AttemptSucceeded() => "";

    public static string HttpStatusText(int statusCode) => $"The target answered HTTP {statusCode}.";

    public static string TimedOutText(TimeSpan deadline) =>
        $"The target did not answer within the attempt deadline of {(long)deadline.TotalSeconds}s.";

    public static string UnreachableText(string? reason) => $"The target could not be reached: {reason}";

    public static string NotAllowedText() => "The target's host is not in this server's list of allowed hosts.";

    public static string TopicNotFoundText(string topic) => $"Pub/Sub topic {topic} not found.";

    public static string PublishFailedText(string reason) => $"Publishing to Pub/Sub failed: {reason}";

    public static string AttemptFailedText(string reason) => $"The attempt failed inside the server: {reason}";

    public static string InterruptedText() =>
        "The server stopped while this attempt was in flight; it is not repeated, so its outcome is unknown.";
}
