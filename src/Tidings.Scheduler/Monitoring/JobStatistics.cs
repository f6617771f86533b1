namespace Tidings.Scheduler.Monitoring;

/// <summary>One job's state and its attempts since the server started.</summary>
/// <param name="Name">The full name, <c>projects/{project}/locations/{location}/jobs/{job}</c>.</param>
/// <param name="State">As GetJob reports it: <c>ENABLED</c>, <c>PAUSED</c>, …</param>
/// <param name="AttemptsByResult">Attempts (scheduled, retries and manual runs) by Google's name of their result's
/// code (<c>OK</c>, <c>NOT_FOUND</c>, …); codes never seen are left out.</param>
/// <param name="LastAttemptTime">When the last attempt started; null before the first.</param>
/// <param name="NextAttemptTime">When the engine acts on the job next (its next instant or retry); null while paused or an attempt runs.</param>
public sealed record JobStatistics(
    string Name,
    string ProjectId,
    string LocationId,
    string JobId,
    string State,
    IReadOnlyDictionary<string, long> AttemptsByResult,
    DateTimeOffset? LastAttemptTime,
    DateTimeOffset? NextAttemptTime);
