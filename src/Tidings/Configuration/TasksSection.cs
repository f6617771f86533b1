using Tidings.Storage.Tasks;
using Tidings.Tasks;

namespace Tidings.Configuration;

/// <summary>
/// Settings of the Cloud Tasks service, the <c>Tidings:Tasks</c> section (<see cref="TidingsOptions.Tasks"/>), from the
/// same three sources as every setting. Durations are whole numbers with their unit in the name. Turned into the
/// engine's <see cref="TasksOptions"/> and the task store's <see cref="TaskStoreOptions"/>.
/// </summary>
internal sealed class TasksSection
{
    /// <summary>The section's name under <see cref="TidingsOptions.SectionName"/>.</summary>
    public const string SectionName = "Tasks";

    /// <summary>
    /// How long the name of a task that completed or was deleted cannot be used again, in seconds. Default 86400
    /// (24 hours): Google's current text says a name "can take up to 24 hours" to be released (it documented about an
    /// hour before 2026). Option <c>--tasks-task-name-reservation-seconds</c>, environment variable
    /// <c>TIDINGS_TASKS_TASK_NAME_RESERVATION_SECONDS</c>.
    /// </summary>
    public int TaskNameReservationSeconds { get; set; } = (int)TimeSpan.FromHours(24).TotalSeconds;

    /// <summary>
    /// How long the name of a deleted queue cannot be used again, in seconds. Default 604800 (7 days), Google's
    /// published quota (its 2026 API text says up to 3 days). Option <c>--tasks-queue-name-reservation-seconds</c>,
    /// environment variable <c>TIDINGS_TASKS_QUEUE_NAME_RESERVATION_SECONDS</c>.
    /// </summary>
    public int QueueNameReservationSeconds { get; set; } = (int)new TaskStoreOptions().QueueNameReservation.TotalSeconds;

    /// <summary>
    /// Where App Engine tasks are sent instead of App Engine: an absolute http(s) URL; the routing's service, version
    /// and instance are put in front of its host in the <c>Host</c> header (unless it is an IP address). Default
    /// <c>http://localhost:8080</c>.
    /// Option <c>--tasks-app-engine-base-url</c>, environment variable <c>TIDINGS_TASKS_APP_ENGINE_BASE_URL</c>.
    /// </summary>
    public string AppEngineBaseUrl { get; set; } = new TasksOptions().AppEngineBaseUrl.OriginalString;

    /// <summary>
    /// At most this many task dispatches in flight across all queues, on top of each queue's own limit: a guard of the
    /// server's, so many queues against a slow target cannot open connections without bound. Default 1000. Option
    /// <c>--tasks-max-concurrent-dispatches</c>, environment variable <c>TIDINGS_TASKS_MAX_CONCURRENT_DISPATCHES</c>.
    /// </summary>
    public int MaxConcurrentDispatches { get; set; } = new TasksOptions().MaxConcurrentDispatches;

    public TasksOptions ToEngineOptions() => new()
    {
        AppEngineBaseUrl = new Uri(AppEngineBaseUrl, UriKind.Absolute),
        MaxConcurrentDispatches = MaxConcurrentDispatches,
    };

    public TaskStoreOptions ToStoreOptions() => new()
    {
        TaskNameReservation = TimeSpan.FromSeconds(TaskNameReservationSeconds),
        QueueNameReservation = TimeSpan.FromSeconds(QueueNameReservationSeconds),
    };

    /// <summary>True when <paramref name="url"/> is an absolute http or https URL.</summary>
    public static bool IsValidBaseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps);
}
