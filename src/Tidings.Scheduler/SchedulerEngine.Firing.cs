using Google.Cloud.Scheduler.V1;
using Tidings.Kernel.Errors;
using Tidings.Scheduler.Errors;
using Tidings.Scheduler.Execution;
using Tidings.Scheduler.Jobs;
using RpcStatus = Google.Rpc.Status;

namespace Tidings.Scheduler;

/// <summary>
/// The timer loop and the life of a run: claim the due jobs, make their claims durable in one write, send the
/// attempts, and record each outcome with its retry or the job's next instant.
/// </summary>
public sealed partial class SchedulerEngine
{
    private async Task RunLoopAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            List<(ScheduledJob Job, AttemptRequest Attempt)> starting;
            DateTimeOffset wakeAt;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                starting = ClaimDue(now);
                wakeAt = _queue.TryPeek(out _, out var due) && due < now + MaxWait ? due : now + MaxWait;
            }
            if (starting.Count > 0)
            {
                lock (_lock)
                {
                    Track(StartAttemptsAsync(starting));
                }
            }
            try
            {
                // Until an instant, not for a span: the clock may move before the timer is armed.
                await _wake.WaitUntilAsync(wakeAt, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes every queue entry due by <paramref name="now"/> and claims an attempt for each job that still wants one. Lock held.</summary>
    private List<(ScheduledJob, AttemptRequest)> ClaimDue(DateTimeOffset now)
    {
        var starting = new List<(ScheduledJob, AttemptRequest)>();
        while (_queue.TryPeek(out var entry, out var due) && due <= now)
        {
            _queue.Dequeue();
            var (job, generation) = entry;
            // A job with an RPC's change in its write is queued again once the change is settled.
            if (generation == job.Generation && !job.IsDeleted && job.ChangeInWrite is null && Claim(job, now) is { } attempt)
            {
                starting.Add((job, attempt));
            }
        }
        return starting;
    }

    /// <summary>
    /// Starts the job's due retry, or a run for its next instant. A run that starts late (after a long previous run,
    /// or at start-up after downtime) is for the earliest instant not yet done; the other instants already past
    /// are folded into it, so a late job makes one run, not a backlog. Lock held.
    /// </summary>
    private AttemptRequest? Claim(ScheduledJob job, DateTimeOffset now)
    {
        if (job.State != Job.Types.State.Enabled)
        {
            return null;
        }
        JobExecution execution;
        if (job.Execution is { } retrying)
        {
            if (retrying.InFlight || retrying.NextAttemptTime is not { } retryAt || retryAt > now)
            {
                return null;
            }
            execution = retrying;
            execution.NextAttemptTime = null;
        }
        else
        {
            if (job.NextInstant is not { } instant || instant > now)
            {
                return null;
            }
            job.ScheduleAnchor = LatestInstant(job, instant, now);
            execution = new JobExecution(instant, now);
            job.Execution = execution;
        }
        execution.Attempts++;
        execution.InFlight = true;
        job.LastAttemptTime = now;
        job.Generation++;
        Stage(job);
        return new AttemptRequest(job.Definition, job.Name.Id, job.Schedule.FormatLocal(execution.Instant));
    }

    /// <summary>The latest instant of the job's schedule at or before <paramref name="now"/>, <paramref name="first"/> being one.</summary>
    private static DateTimeOffset LatestInstant(ScheduledJob job, DateTimeOffset first, DateTimeOffset now)
    {
        // Start near now, so a job late by months does not walk every instant in between.
        var latest = first;
        if (now - first > TimeSpan.FromDays(1) && job.Schedule.NextAfter(now - TimeSpan.FromDays(1)) is { } recent && recent <= now)
        {
            latest = recent;
        }
        while (job.Schedule.NextAfter(latest) is { } next && next <= now)
        {
            latest = next;
        }
        return latest;
    }

    /// <summary>Sends the claimed attempts once their claims are on stable storage, which is retried until it is.</summary>
    private async Task StartAttemptsAsync(List<(ScheduledJob Job, AttemptRequest Attempt)> starting)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await _journal.FlushAsync().ConfigureAwait(false);
                break;
            }
            catch (Exception exception) when (!_stopping.IsCancellationRequested)
            {
                // Not sent before it is recorded: a run sent but not recorded could fire again after a restart.
                SchedulerLog.ClaimNotStored(_logger, starting.Count, backoff, exception);
                try
                {
                    await Task.Delay(backoff, _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (Exception)
            {
                return;
            }
        }
        lock (_lock)
        {
            foreach (var (job, attempt) in starting)
            {
                Track(Task.Run(() => RunAttemptAsync(job, attempt)));
            }
        }
    }

    private async Task RunAttemptAsync(ScheduledJob job, AttemptRequest attempt)
    {
        var started = _time.GetUtcNow();
        RpcStatus status;
        bool interrupted = false;
        try
        {
            status = await _dispatcher.DispatchAsync(attempt, _stopping.Token).ConfigureAwait(false);
            job.Attempts.Record(status.Code);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            status = AttemptStatus.Of(ErrorCode.Unknown, SchedulerErrors.InterruptedText());
            interrupted = true;
        }
        SchedulerLog.AttemptFinished(_logger, job.Key, attempt.ScheduleTime, status.Code, status.Message);
        RecordRun(job, attempt, started, status, manual: false);
        _attemptReporter.Report(job, attempt, status);
        lock (_lock)
        {
            Complete(job, status, interrupted);
        }
        if (!interrupted)
        {
            FlushInBackground();
        }
    }

    /// <summary>Records an attempt's outcome: the run ends, or waits for its retry; then the job is queued again. Lock held.</summary>
    private void Complete(ScheduledJob job, RpcStatus status, bool interrupted)
    {
        if (job.IsDeleted || job.Execution is not { } execution)
        {
            return;
        }
        var now = _time.GetUtcNow();
        job.Status = status;
        execution.InFlight = false;
        job.Execution = null;
        if (!AttemptStatus.IsOk(status) && !interrupted && job.State == Job.Types.State.Enabled)
        {
            var policy = RetryPolicy.From(job.Definition.RetryConfig);
            var retriesMade = execution.Attempts - 1;
            if (policy.MayRetry(retriesMade, now - execution.FirstAttemptTime))
            {
                var retryAt = now + policy.Backoff(retriesMade + 1);
                // Retries end where the next scheduled run begins (Google: "until the next scheduled start time").
                if (job.NextInstant is not { } nextRun || retryAt < nextRun)
                {
                    execution.NextAttemptTime = retryAt;
                    job.Execution = execution;
                }
            }
        }
        Enqueue(job);
        Stage(job);
    }

    private async Task RunManualAsync(ScheduledJob job, AttemptRequest attempt)
    {
        var started = _time.GetUtcNow();
        RpcStatus status;
        try
        {
            status = await _dispatcher.DispatchAsync(attempt, _stopping.Token).ConfigureAwait(false);
            job.Attempts.Record(status.Code);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            status = AttemptStatus.Of(ErrorCode.Unknown, SchedulerErrors.InterruptedText());
        }
        SchedulerLog.AttemptFinished(_logger, job.Key, attempt.ScheduleTime, status.Code, status.Message);
        RecordRun(job, attempt, started, status, manual: true);
        _attemptReporter.Report(job, attempt, status);
        lock (_lock)
        {
            if (job.IsDeleted)
            {
                return;
            }
            job.Status = status;
            Stage(job);
        }
        FlushInBackground();
    }

    /// <summary>Writes an outcome soon without waiting: a failure is logged by the journal and the record kept for the next write.</summary>
    private void FlushInBackground() => _journal.FlushAsync().ContinueWith(static write => _ = write.Exception, TaskScheduler.Default);

    /// <summary>Keeps a background task until it ends, so disposal can wait for it. Lock held.</summary>
    private void Track(Task task)
    {
        _attempts.Add(task);
        task.ContinueWith(done =>
        {
            lock (_lock)
            {
                _attempts.Remove(done);
            }
        }, TaskScheduler.Default);
    }
}
