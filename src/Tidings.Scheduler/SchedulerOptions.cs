namespace Tidings.Scheduler;

/// <summary>Behaviour switches of the Cloud Scheduler engine.</summary>
public sealed class SchedulerOptions
{
    /// <summary>
    /// Where App Engine targets are sent: the job's <c>relative_uri</c> is appended to it (its routing is not used).
    /// Default <c>http://localhost:8080</c>, App Engine's local development server.
    /// </summary>
    public Uri AppEngineBaseUrl { get; set; } = new("http://localhost:8080");

    /// <summary>What happens to cron instants that passed while the server was down. Default <see cref="MisfirePolicy.Once"/>.</summary>
    public MisfirePolicy MisfirePolicy { get; set; } = MisfirePolicy.Once;
}
