using Tidings.Scheduler.Errors;
using Tidings.Scheduler.Jobs;

namespace Tidings.Scheduler;

/// <summary>
/// How an RPC changes a job atomically with its write: the change is made on a copy, the copy's document is proposed
/// to the journal (sharing a write with run records), and only once it is stored is the change made on the job
/// itself. A failed write leaves the job, its queue entry and the records of other jobs exactly as they were.
/// </summary>
public sealed partial class SchedulerEngine
{
    /// <summary>Jobs being created whose document is in its write, by name; invisible until stored.</summary>
    private readonly Dictionary<string, Task> _creating = new(StringComparer.Ordinal);

    /// <summary>
    /// Changes an existing job. <paramref name="plan"/> runs under the lock against the job as it is: it throws the
    /// RPC's error or returns the change, which sets fields only, so it does the same on the copy and on the job.
    /// <paramref name="stored"/> runs under the lock once the change is made on the job, and makes the answer.
    /// </summary>
    private async Task<T> ChangeJobAsync<T>(string name, Func<ScheduledJob, Action<ScheduledJob>> plan, Func<ScheduledJob, T> stored)
    {
        while (true)
        {
            var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Action<ScheduledJob>? change = null;
            Task? busy;
            Task write = Task.CompletedTask;
            ScheduledJob job;
            lock (_lock)
            {
                job = Require(name);
                busy = job.ChangeInWrite;
                if (busy is null)
                {
                    change = plan(job);
                    var copy = job.Copy();
                    change(copy);
                    write = _journal.Propose(Document(copy));
                    job.ChangeInWrite = settled.Task;
                }
            }
            if (busy is not null)
            {
                // One RPC's change per job at a time, so each is planned against the stored state of the one before.
                await busy.ConfigureAwait(false);
                continue;
            }
            bool heldBack;
            try
            {
                await write.ConfigureAwait(false);
            }
            catch (Exception)
            {
                lock (_lock)
                {
                    heldBack = Release(job);
                }
                settled.SetResult();
                FlushIf(heldBack);
                throw;
            }
            T answer;
            lock (_lock)
            {
                change!(job);
                if (job.IsDeleted)
                {
                    _jobs.Remove(job.Key);
                }
                answer = stored(job);
                heldBack = Release(job);
            }
            settled.SetResult();
            FlushIf(heldBack);
            return answer;
        }
    }

    /// <summary>Adds a new job once its document is stored; ALREADY_EXISTS when its name is taken.</summary>
    private async Task<T> AddJobAsync<T>(ScheduledJob created, Func<ScheduledJob, T> stored)
    {
        while (true)
        {
            var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task? busy;
            Task write = Task.CompletedTask;
            lock (_lock)
            {
                if (_jobs.ContainsKey(created.Key))
                {
                    throw SchedulerErrors.JobAlreadyExists(created.Key);
                }
                if (!_creating.TryGetValue(created.Key, out busy))
                {
                    write = _journal.Propose(Document(created));
                    _creating.Add(created.Key, settled.Task);
                }
            }
            if (busy is not null)
            {
                // Another create of the same name is in its write: its outcome decides whether this one may go on.
                await busy.ConfigureAwait(false);
                continue;
            }
            try
            {
                await write.ConfigureAwait(false);
            }
            catch (Exception)
            {
                lock (_lock)
                {
                    _creating.Remove(created.Key);
                }
                settled.SetResult();
                throw;
            }
            T answer;
            lock (_lock)
            {
                _creating.Remove(created.Key);
                _jobs.Add(created.Key, created);
                Enqueue(created);
                answer = stored(created);
            }
            settled.SetResult();
            return answer;
        }
    }

    /// <summary>
    /// Ends the job's change in write: queues it again (the loop skipped it meanwhile) and stages a run record held
    /// back meanwhile. True when one was staged. Lock held.
    /// </summary>
    private bool Release(ScheduledJob job)
    {
        job.ChangeInWrite = null;
        var heldBack = job.RecordHeldBack && !job.IsDeleted;
        job.RecordHeldBack = false;
        if (job.IsDeleted)
        {
            job.Generation++;
            return false;
        }
        Enqueue(job);
        if (heldBack)
        {
            Stage(job);
        }
        return heldBack;
    }

    private void FlushIf(bool staged)
    {
        if (staged)
        {
            FlushInBackground();
        }
    }
}
