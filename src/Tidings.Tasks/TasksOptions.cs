namespace Tidings.Tasks;

/// <summary>Settings of the Cloud Tasks engine. The name reservation windows belong to the task store (<c>TaskStoreOptions</c>).</summary>
public sealed class TasksOptions
{
    /// <summary>
    /// Where App Engine targets are sent instead of <c>https://PROJECT.appspot.com</c>: an absolute http(s) URL. The
    /// connection goes to it; the routing's instance, version and service, prefixed to its host
    /// (<c>v1.worker.localhost:8080</c>), go in the <c>Host</c> header, unless the host is an IP address, which takes no
    /// prefix. Default <c>http://localhost:8080</c>, App Engine's local server.
    /// </summary>
    public Uri AppEngineBaseUrl { get; set; } = new("http://localhost:8080");

    /// <summary>How often expired name tombstones are removed from the task store. Default 1 minute.</summary>
    public TimeSpan TombstoneCleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a task being dispatched stays claimed in the store before another dispatch may take it: renewed while
    /// the attempt runs, so it only matters after a crash, when the task is dispatched again once it runs out (or at
    /// once by the start-up scan). Default 30 seconds.
    /// </summary>
    public TimeSpan DispatchLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At most this many attempts in flight across all queues, on top of each queue's max_concurrent_dispatches (a
    /// guard of the server's own, not Google's: it keeps many queues against a slow target from opening connections
    /// without bound). RunTask is not held back by it. Default 1000.
    /// </summary>
    public int MaxConcurrentDispatches { get; set; } = 1000;

    /// <summary>At most this many due tasks are claimed at once by a queue's dispatcher. Default 200.</summary>
    public int DispatchBatchSize { get; set; } = 200;
}
