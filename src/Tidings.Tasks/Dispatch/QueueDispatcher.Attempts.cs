using Google.Protobuf.WellKnownTypes;
using Tidings.Delivery;
using Tidings.Storage.Messages;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Persistence;
using Tidings.Tasks.Tasks;

namespace Tidings.Tasks.Dispatch;

internal sealed partial class QueueDispatcher
{
    private void StartAttempt(DispatchClaim claim)
    {
        // The reservation made by the claim becomes the attempt itself, which releases it when done: it starts only
        // once it is in the map, so a quick attempt cannot release the reservation before it replaced it. It starts
        // inline, on this thread, when the gate opens (no RunContinuationsAsynchronously), rather than through a
        // Task.Run per attempt: no thread-pool hop, no work item, no extra wake-up of an idle pool thread.
        var registered = new TaskCompletionSource();
        _inFlight[claim.TaskId] = AttemptWhenRegisteredAsync(registered.Task, claim);
        registered.SetResult();
    }

    private async Task AttemptWhenRegisteredAsync(Task registered, DispatchClaim claim)
    {
        await registered.ConfigureAwait(false);
        await AttemptAsync(claim, _stop.Token).ConfigureAwait(false);
    }

    /// <summary>Sends the request, renewing the claim's lease while it runs, and writes the outcome.</summary>
    private async Task AttemptAsync(DispatchClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            var (result, version) = await SendAsync(claim, cancellationToken).ConfigureAwait(false);
            TasksLog.Attempted(_logger, QueueName, claim.TaskId, claim.Record.Task.DispatchCount, result.Outcome, result.StatusCode,
                (long)result.Latency.TotalMilliseconds);
            _queue.Attempts.Record((int)ResponseStatuses.CodeOf(result));
            DateTimeOffset? retryTime = null;
            if (version is { } current)
            {
                retryTime = await CompleteAsync(claim, current, result, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                TasksLog.AttemptSuperseded(_logger, QueueName, claim.TaskId);
            }
            _reporter.Report(_queue, claim, result, retryTime);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the claim stays and the task is dispatched again by the next run.
        }
        catch (Exception exception) when (exception is StorageFailedException or StorageFullException)
        {
            // The claim stays; when its lease runs out the task is dispatched again (at least once).
            TasksLog.DispatchStoreFailed(_logger, QueueName, _options.DispatchLease, exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A fault of ours, not an answer of the target: the claim stays, so the task is not lost, and the fault is
            // logged here (nothing awaits this attempt to observe it).
            TasksLog.AttemptFailedInside(_logger, QueueName, claim.TaskId, _options.DispatchLease, exception);
        }
        finally
        {
            _inFlight.TryRemove(claim.TaskId, out _);
            if (!claim.Forced)
            {
                _slots.Release(1);
            }
            _wake.Set();
        }
    }

    /// <summary>
    /// The attempt's result, and the store version the claim is at when it ends: null when the task was deleted or
    /// changed meanwhile (its outcome is then no longer ours to write).
    /// </summary>
    private async Task<(DeliveryResult Result, long? Version)> SendAsync(DispatchClaim claim, CancellationToken cancellationToken)
    {
        var send = _deliverer.SendAsync(claim.Request, cancellationToken);
        long? version = claim.Version;
        // Most answers come long before a renewal is due: one timer per wait (WaitAsync's own), no linked token
        // source, delay task or WhenAny per attempt.
        while (!send.IsCompleted)
        {
            try
            {
                await send.WaitAsync(_options.DispatchLease / 2, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (version is { } current)
            {
                var renewed = await _store.UpdateAsync(QueueName, claim.TaskId, current, _time.GetUtcNow() + _options.DispatchLease, claim.Payload,
                    cancellationToken).ConfigureAwait(false);
                version = renewed.Status == TaskWriteStatus.Done ? renewed.Task!.Version : null;
            }
            catch (TimeoutException)
            {
                // Superseded: nothing to renew; wait on for the answer.
            }
            catch (Exception) when (send.IsCompleted)
            {
                // The send's own failure is the send's to report, below.
            }
        }
        return (await send.ConfigureAwait(false), version);
    }

    /// <summary>
    /// A 2xx deletes the task (its name stays reserved); anything else counts the attempt and schedules the next one
    /// after the queue's backoff, or deletes the task once its retry limits are used up. Returns when the next attempt
    /// is due, or null when there is none (or the task changed meanwhile).
    /// </summary>
    private async Task<DateTimeOffset?> CompleteAsync(DispatchClaim claim, long version, DeliveryResult result, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (result.Outcome == DeliveryOutcome.Responded && result.StatusCode is >= 200 and < 300)
        {
            var deleted = await _store.DeleteAsync(QueueName, claim.TaskId, version, cancellationToken).ConfigureAwait(false);
            if (deleted.Status != TaskWriteStatus.Done)
            {
                TasksLog.AttemptSuperseded(_logger, QueueName, claim.TaskId);
            }
            return null;
        }

        var record = claim.Record.Clone();
        var task = record.Task;
        var responded = result.Outcome == DeliveryOutcome.Responded;
        if (responded)
        {
            task.ResponseCount++;
            record.ExecutionCount += result.StatusCode >= 500 ? 0 : 1;
        }
        record.PreviousResponse = responded ? result.StatusCode : 0;
        record.Claimed = false;
        record.Forced = false;
        task.LastAttempt.ResponseTime = Timestamp.FromDateTimeOffset(now);
        task.LastAttempt.ResponseStatus = ResponseStatuses.From(result);

        var retry = _queue.Definition.RetryConfig;
        var firstAttempt = task.FirstAttempt.DispatchTime.ToDateTimeOffset();
        if (RetryPolicy.GivesUp(retry, task.DispatchCount, firstAttempt, now) || now - task.CreateTime.ToDateTimeOffset() >= TaskLimits.Retention)
        {
            var deleted = await _store.DeleteAsync(QueueName, claim.TaskId, version, cancellationToken).ConfigureAwait(false);
            if (deleted.Status == TaskWriteStatus.Done)
            {
                TasksLog.GaveUp(_logger, QueueName, claim.TaskId, task.DispatchCount);
            }
            return null;
        }

        // RunTask's failures are retried from when it was called, the others from the failure.
        var next = (claim.Forced ? claim.DispatchTime : now) + RetryPolicy.Backoff(task.DispatchCount, retry);
        task.ScheduleTime = Timestamp.FromDateTimeOffset(Durations.TruncateToMicros(next));
        var updated = await _store.UpdateAsync(QueueName, claim.TaskId, version, next, TaskRecordCodec.Encode(record), cancellationToken)
            .ConfigureAwait(false);
        if (updated.Status == TaskWriteStatus.Done)
        {
            TasksLog.RetryScheduled(_logger, QueueName, claim.TaskId, next);
            return next;
        }
        TasksLog.AttemptSuperseded(_logger, QueueName, claim.TaskId);
        return null;
    }
}
