namespace Tidings.Scheduler.Inspection;

/// <summary>
/// The last <see cref="RunsPerJob"/> attempts of every job, newest first, in memory only: a restart starts it empty
/// (the job's own <c>status</c> and <c>last_attempt_time</c>, which are durable, still tell the latest outcome).
/// Thread-safe under its own lock, which nothing else is taken under.
/// </summary>
internal sealed class JobRunHistory
{
    public const int RunsPerJob = 25;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedList<JobRun>> _runs = new(StringComparer.Ordinal);

    public void Record(string jobName, JobRun run)
    {
        lock (_lock)
        {
            if (!_runs.TryGetValue(jobName, out var runs))
            {
                runs = new LinkedList<JobRun>();
                _runs[jobName] = runs;
            }
            runs.AddFirst(run);
            if (runs.Count > RunsPerJob)
            {
                runs.RemoveLast();
            }
        }
    }

    public IReadOnlyList<JobRun> Get(string jobName)
    {
        lock (_lock)
        {
            return _runs.TryGetValue(jobName, out var runs) ? [.. runs] : [];
        }
    }

    /// <summary>Drops a deleted job's runs, so a job created later under the same name starts without them.</summary>
    public void Forget(string jobName)
    {
        lock (_lock)
        {
            _runs.Remove(jobName);
        }
    }
}
