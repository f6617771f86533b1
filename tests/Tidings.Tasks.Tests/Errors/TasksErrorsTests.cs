using Tidings.Kernel.Errors;
using Tidings.Tasks.Errors;
using Tidings.Testing.Errors;

namespace Tidings.Tasks.Tests.Errors;

/// <summary>The error catalogue: every factory pinned to the code and text clients see (reference §1.12 where recorded).</summary>
public sealed class TasksErrorsTests : ErrorCatalogueTests
{
    protected override Type Catalogue => typeof(TasksErrors);

    protected override IReadOnlyList<ErrorPin> Pins => PinList;

    private const string Queue = "projects/p/locations/l/queues/q";

    private static readonly ErrorPin[] PinList =
    [
        new(nameof(TasksErrors.QueueAlreadyExists), TasksErrors.QueueAlreadyExists, ErrorCode.AlreadyExists, "Queue already exists"),
        new(nameof(TasksErrors.InvalidQueueName), TasksErrors.InvalidQueueName, ErrorCode.InvalidArgument,
            "Queue name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>\"."),
        new(nameof(TasksErrors.QueueRecentlyDeleted), TasksErrors.QueueRecentlyDeleted, ErrorCode.FailedPrecondition,
            "The queue cannot be created because a queue with this name existed too recently."),
        new(nameof(TasksErrors.QueueNotFound), TasksErrors.QueueNotFound, ErrorCode.NotFound,
            "Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize."),
        new(nameof(TasksErrors.EntityNotFound), TasksErrors.EntityNotFound, ErrorCode.NotFound, "Requested entity was not found."),
        new(nameof(TasksErrors.TaskAlreadyExists), TasksErrors.TaskAlreadyExists, ErrorCode.AlreadyExists, "Requested entity already exists"),
        new(nameof(TasksErrors.InvalidTaskId), () => TasksErrors.InvalidTaskId("not a valid id"), ErrorCode.InvalidArgument,
            "Task ID \"not a valid id\" can contain only letters ([A-Za-z]), numbers ([0-9]), hyphens (-), or underscores (_). Task ID must between 1 and 500 characters."),
        new(nameof(TasksErrors.TaskQueueMismatch), () => TasksErrors.TaskQueueMismatch(Queue, Queue + "-other"), ErrorCode.InvalidArgument,
            "The queue name from request ('projects/p/locations/l/queues/q') must be the same as the queue name in the named task ('projects/p/locations/l/queues/q-other')."),
        new(nameof(TasksErrors.TaskRecentlyGone), TasksErrors.TaskRecentlyGone, ErrorCode.NotFound,
            "The task no longer exists, though a task with this name existed recently. The task either successfully completed or was deleted."),
        new(nameof(TasksErrors.InvalidTaskName), TasksErrors.InvalidTaskName, ErrorCode.InvalidArgument,
            "Task name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>/tasks/<TASK_ID>\"."),
        new(nameof(TasksErrors.InvalidLocationName), TasksErrors.InvalidLocationName, ErrorCode.InvalidArgument,
            "Location name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>\"."),
        new(nameof(TasksErrors.QueueParentMismatch), () => TasksErrors.QueueParentMismatch("projects/p/locations/a", "projects/p/locations/b/queues/q"),
            ErrorCode.InvalidArgument, "The queue name ('projects/p/locations/b/queues/q') must be in the location from request ('projects/p/locations/a')."),
        new(nameof(TasksErrors.FieldRequired), () => TasksErrors.FieldRequired("task"), ErrorCode.InvalidArgument, "The field task is required."),
        new(nameof(TasksErrors.PageSizeNegative), () => TasksErrors.PageSizeNegative(-1), ErrorCode.InvalidArgument, "page_size must not be negative, got -1."),
        new(nameof(TasksErrors.InvalidPageToken), () => TasksErrors.InvalidPageToken("xyz"), ErrorCode.InvalidArgument, "The page token is invalid (page_token=xyz)."),
        new(nameof(TasksErrors.UnsupportedFilter), () => TasksErrors.UnsupportedFilter("name: x"), ErrorCode.InvalidArgument,
            "Invalid filter \"name: x\": only filters on the queue's state are supported, e.g. \"state: PAUSED\"."),
        new(nameof(TasksErrors.UnknownUpdateMaskField), () => TasksErrors.UnknownUpdateMaskField("colour"), ErrorCode.InvalidArgument,
            "Invalid update_mask: 'colour' is not a field of Queue that can be updated."),
        new(nameof(TasksErrors.SettingOutOfRange), () => TasksErrors.SettingOutOfRange("rate_limits.max_dispatches_per_second", "501", "greater than 0 and at most 500"),
            ErrorCode.InvalidArgument, "Invalid value for rate_limits.max_dispatches_per_second: 501. It must be greater than 0 and at most 500."),
        new(nameof(TasksErrors.MinBackoffAboveMaxBackoff), () => TasksErrors.MinBackoffAboveMaxBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1.5)),
            ErrorCode.InvalidArgument, "Invalid retry_config: min_backoff (10s) must not be greater than max_backoff (1.5s)."),
        new(nameof(TasksErrors.TaskTargetMissing), TasksErrors.TaskTargetMissing, ErrorCode.InvalidArgument,
            "The task must have an http_request or an app_engine_http_request."),
        new(nameof(TasksErrors.InvalidUrl), () => TasksErrors.InvalidUrl("ftp://x"), ErrorCode.InvalidArgument,
            "Invalid http_request.url \"ftp://x\": it is required, must start with http:// or https:// and be at most 2083 characters long."),
        new(nameof(TasksErrors.InvalidRelativeUri), () => TasksErrors.InvalidRelativeUri("work"), ErrorCode.InvalidArgument,
            "Invalid app_engine_http_request.relative_uri \"work\": it must start with \"/\", contain no spaces and be at most 2083 characters long."),
        new(nameof(TasksErrors.BodyNotAllowed), () => TasksErrors.BodyNotAllowed("GET"), ErrorCode.InvalidArgument,
            "A task body is only allowed with the HTTP methods POST, PUT and PATCH (App Engine: POST and PUT), not GET."),
        new(nameof(TasksErrors.HeadersTooLarge), () => TasksErrors.HeadersTooLarge(90000), ErrorCode.InvalidArgument,
            "The task's headers take 90000 bytes; they must total less than 80 KB."),
        new(nameof(TasksErrors.InvalidHeader), () => TasksErrors.InvalidHeader("Bad Name"), ErrorCode.InvalidArgument, "Invalid header \"Bad Name\"."),
        new(nameof(TasksErrors.ServiceAccountRequired), () => TasksErrors.ServiceAccountRequired("http_request.oidc_token"), ErrorCode.InvalidArgument,
            "http_request.oidc_token.service_account_email is required."),
        new(nameof(TasksErrors.ScheduleTimeTooFar), TasksErrors.ScheduleTimeTooFar, ErrorCode.InvalidArgument,
            "The task's schedule_time must not be more than 30 days in the future."),
        new(nameof(TasksErrors.DispatchDeadlineOutOfRange), () => TasksErrors.DispatchDeadlineOutOfRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(30)),
            ErrorCode.InvalidArgument, "Invalid dispatch_deadline 5s: it must be between 15s and 1800s."),
        new(nameof(TasksErrors.TaskTooLarge), () => TasksErrors.TaskTooLarge(2000000, 1048576), ErrorCode.InvalidArgument,
            "The task is 2000000 bytes; the maximum task size is 1048576 bytes."),
    ];
}
