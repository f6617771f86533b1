using System.Globalization;
using Tidings.Kernel.Errors;

namespace Tidings.Tasks.Errors;

/// <summary>
/// Every error Cloud Tasks answers a client, with Google's code and text: one place, so a test pins each message and
/// no text is written inline elsewhere. The texts of the first group were recorded from the real service (reference
/// §1.12). Where Google's text is not known (out-of-range values, malformed targets, filters, page tokens) the text is
/// Tidings' own, in Google's manner, with the code Google documents for the case; such factories say so. Google
/// attaches a <c>google.rpc.Help</c> link to its two name-format errors, which the kernel's errors cannot carry yet.
/// </summary>
public static class TasksErrors
{
    // Recorded from the real service

    public static TidingsException QueueAlreadyExists() => new(ErrorCode.AlreadyExists, "Queue already exists");

    public static TidingsException InvalidQueueName() =>
        new(ErrorCode.InvalidArgument, "Queue name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>\".");

    public static TidingsException QueueRecentlyDeleted() =>
        new(ErrorCode.FailedPrecondition, "The queue cannot be created because a queue with this name existed too recently.");

    /// <summary>Get, pause, resume and purge of a missing queue, and tasks created in one (also when it was deleted recently).</summary>
    public static TidingsException QueueNotFound() =>
        new(ErrorCode.NotFound, "Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.");

    /// <summary>DeleteQueue of a missing queue; Get, Delete and Run of a task that never existed.</summary>
    public static TidingsException EntityNotFound() => new(ErrorCode.NotFound, "Requested entity was not found.");

    public static TidingsException TaskAlreadyExists() => new(ErrorCode.AlreadyExists, "Requested entity already exists");

    public static TidingsException InvalidTaskId(string taskId) =>
        new(ErrorCode.InvalidArgument, $"Task ID \"{taskId}\" can contain only letters ([A-Za-z]), numbers ([0-9]), hyphens (-), or underscores (_). Task ID must between 1 and 500 characters.");

    public static TidingsException TaskQueueMismatch(string requestQueue, string taskQueue) =>
        new(ErrorCode.InvalidArgument, $"The queue name from request ('{requestQueue}') must be the same as the queue name in the named task ('{taskQueue}').");

    /// <summary>GetTask of a task that completed or was deleted within the name reservation window.</summary>
    public static TidingsException TaskRecentlyGone() =>
        new(ErrorCode.NotFound, "The task no longer exists, though a task with this name existed recently. The task either successfully completed or was deleted.");

    // Names and requests (Tidings' texts)

    /// <summary>Tidings' text, in the manner of Google's queue name error.</summary>
    public static TidingsException InvalidTaskName() =>
        new(ErrorCode.InvalidArgument, "Task name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>/tasks/<TASK_ID>\".");

    /// <summary>Tidings' text, in the manner of Google's queue name error.</summary>
    public static TidingsException InvalidLocationName() =>
        new(ErrorCode.InvalidArgument, "Location name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>\".");

    /// <summary>Tidings' text: CreateQueue naming a queue outside the request's parent.</summary>
    public static TidingsException QueueParentMismatch(string parent, string queue) =>
        new(ErrorCode.InvalidArgument, $"The queue name ('{queue}') must be in the location from request ('{parent}').");

    /// <summary>Tidings' text: a request without the resource it is about.</summary>
    public static TidingsException FieldRequired(string field) => new(ErrorCode.InvalidArgument, $"The field {field} is required.");

    /// <summary>Tidings' text: a negative page size.</summary>
    public static TidingsException PageSizeNegative(int pageSize) =>
        new(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"page_size must not be negative, got {pageSize}."));

    /// <summary>Tidings' text: a page token this server did not issue; the code is AIP-158's.</summary>
    public static TidingsException InvalidPageToken(string pageToken) =>
        new(ErrorCode.InvalidArgument, $"The page token is invalid (page_token={pageToken}).");

    /// <summary>Tidings' text: ListQueues understands filters on the queue's state only (<c>state: PAUSED</c>), as documented.</summary>
    public static TidingsException UnsupportedFilter(string filter) =>
        new(ErrorCode.InvalidArgument, $"Invalid filter \"{filter}\": only filters on the queue's state are supported, e.g. \"state: PAUSED\".");

    /// <summary>Tidings' text: an update mask naming no field of the queue.</summary>
    public static TidingsException UnknownUpdateMaskField(string path) =>
        new(ErrorCode.InvalidArgument, $"Invalid update_mask: '{path}' is not a field of Queue that can be updated.");

    // Queue settings (Tidings' texts; Google's are not recorded)

    /// <summary>Tidings' text: a setting outside the range Google documents.</summary>
    public static TidingsException SettingOutOfRange(string field, string value, string range) =>
        new(ErrorCode.InvalidArgument, $"Invalid value for {field}: {value}. It must be {range}.");

    /// <summary>Tidings' text.</summary>
    public static TidingsException MinBackoffAboveMaxBackoff(TimeSpan minBackoff, TimeSpan maxBackoff) =>
        new(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture,
            $"Invalid retry_config: min_backoff ({minBackoff.TotalSeconds}s) must not be greater than max_backoff ({maxBackoff.TotalSeconds}s)."));

    // Tasks (Tidings' texts; Google's are not recorded)

    /// <summary>Tidings' text: a task without a target.</summary>
    public static TidingsException TaskTargetMissing() =>
        new(ErrorCode.InvalidArgument, "The task must have an http_request or an app_engine_http_request.");

    /// <summary>Tidings' text: an HTTP target URL that is missing, not absolute http(s), or too long.</summary>
    public static TidingsException InvalidUrl(string url) =>
        new(ErrorCode.InvalidArgument, $"Invalid http_request.url \"{url}\": it is required, must start with http:// or https:// and be at most 2083 characters long.");

    /// <summary>Tidings' text: an App Engine relative URI that does not start with "/", has spaces, or is too long.</summary>
    public static TidingsException InvalidRelativeUri(string relativeUri) =>
        new(ErrorCode.InvalidArgument, $"Invalid app_engine_http_request.relative_uri \"{relativeUri}\": it must start with \"/\", contain no spaces and be at most 2083 characters long.");

    /// <summary>Tidings' text: a body with a method that takes none.</summary>
    public static TidingsException BodyNotAllowed(string method) =>
        new(ErrorCode.InvalidArgument, $"A task body is only allowed with the HTTP methods POST, PUT and PATCH (App Engine: POST and PUT), not {method}.");

    /// <summary>Tidings' text: headers whose names and values together reach Google's 80 KB limit.</summary>
    public static TidingsException HeadersTooLarge(int bytes) =>
        new(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"The task's headers take {bytes} bytes; they must total less than 80 KB."));

    /// <summary>Tidings' text: a header name that is not an HTTP token, or a value with control characters.</summary>
    public static TidingsException InvalidHeader(string name) => new(ErrorCode.InvalidArgument, $"Invalid header \"{name}\".");

    /// <summary>Tidings' text: an OAuth or OIDC token without its service account.</summary>
    public static TidingsException ServiceAccountRequired(string field) =>
        new(ErrorCode.InvalidArgument, $"{field}.service_account_email is required.");

    /// <summary>Tidings' text: more than 30 days ahead (Google's quota).</summary>
    public static TidingsException ScheduleTimeTooFar() =>
        new(ErrorCode.InvalidArgument, "The task's schedule_time must not be more than 30 days in the future.");

    /// <summary>Tidings' text.</summary>
    public static TidingsException DispatchDeadlineOutOfRange(TimeSpan deadline, TimeSpan minimum, TimeSpan maximum) =>
        new(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture,
            $"Invalid dispatch_deadline {deadline.TotalSeconds}s: it must be between {minimum.TotalSeconds}s and {maximum.TotalSeconds}s."));

    /// <summary>Tidings' text: over 1 MB for HTTP targets, 100 KB for App Engine ones.</summary>
    public static TidingsException TaskTooLarge(int bytes, int maximum) =>
        new(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"The task is {bytes} bytes; the maximum task size is {maximum} bytes."));
}
