namespace Tidings.Tasks.Monitoring;

/// <summary>One queue's depth now and its attempts since the server started.</summary>
/// <param name="Name">The full name, <c>projects/{project}/locations/{location}/queues/{queue}</c>.</param>
/// <param name="State">The queue's state as GetQueue reports it (<c>RUNNING</c>, <c>PAUSED</c>, <c>DISABLED</c>).</param>
/// <param name="TasksPending">Tasks in the queue (Google's <c>queue/depth</c>), including ones being attempted.</param>
/// <param name="AttemptsInFlight">Attempts sent and not yet answered.</param>
/// <param name="AttemptsByResult">Attempts by Google's name of their result's code (<c>OK</c> for a 2xx, <c>NOT_FOUND</c>, …); codes never seen are left out.</param>
public sealed record QueueStatistics(
    string Name,
    string ProjectId,
    string LocationId,
    string QueueId,
    string State,
    long TasksPending,
    int AttemptsInFlight,
    IReadOnlyDictionary<string, long> AttemptsByResult);
