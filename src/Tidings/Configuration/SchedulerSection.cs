using Tidings.Scheduler;

namespace Tidings.Configuration;

/// <summary>
/// Settings of the Cloud Scheduler service, the <c>Tidings:Scheduler</c> section (<see cref="TidingsOptions.Scheduler"/>),
/// from the same three sources as every setting. Turned into the engine's <see cref="SchedulerOptions"/> by
/// <see cref="ToEngineOptions"/> once validated.
/// </summary>
internal sealed class SchedulerSection
{
    /// <summary>The section's name under <see cref="TidingsOptions.SectionName"/>.</summary>
    public const string SectionName = "Scheduler";

    /// <summary>
    /// Where App Engine targets are sent, an absolute http or https URL: the job's <c>relative_uri</c> is appended.
    /// Default <c>http://localhost:8080</c>. Option <c>--scheduler-app-engine-base-url</c>, environment variable
    /// <c>TIDINGS_SCHEDULER_APP_ENGINE_BASE_URL</c>.
    /// </summary>
    public string AppEngineBaseUrl { get; set; } = new SchedulerOptions().AppEngineBaseUrl.OriginalString;

    /// <summary>
    /// What a job does at start-up about runs it missed while the server was down: <c>Once</c> (default) makes one
    /// late run, <c>Skip</c> waits for the next one. Option <c>--scheduler-misfire-policy</c>, environment variable
    /// <c>TIDINGS_SCHEDULER_MISFIRE_POLICY</c>.
    /// </summary>
    public MisfirePolicy MisfirePolicy { get; set; } = new SchedulerOptions().MisfirePolicy;

    /// <summary>True when <see cref="AppEngineBaseUrl"/> is an absolute http or https URL.</summary>
    public bool TryGetAppEngineBaseUrl(out Uri url) =>
        Uri.TryCreate(AppEngineBaseUrl, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>The engine's options; call after validation.</summary>
    public SchedulerOptions ToEngineOptions() => new()
    {
        AppEngineBaseUrl = TryGetAppEngineBaseUrl(out var url) ? url : throw new InvalidOperationException("Validate the options first."),
        MisfirePolicy = MisfirePolicy,
    };
}
