using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Errors;
using Tidings.Tasks.Persistence;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Tasks.Dispatch;

internal sealed partial class QueueDispatcher
{
    /// <summary>How far a task whose record cannot be read is moved back, so dispatch does not stall on it.</summary>
    private static readonly TimeSpan UnreadableTaskDelay = TimeSpan.FromDays(1);

    /// <summary>
    /// RunTask: claims the task and starts an attempt whatever the queue's state and limits, and returns the task as
    /// dispatched (its counts and last attempt already include this one). A task with an attempt in flight is not
    /// dispatched a second time; it is returned as it stands.
    /// </summary>
    /// <exception cref="Kernel.Errors.TidingsException">NOT_FOUND when there is no such task.</exception>
    public async Task<CloudTask> RunNowAsync(string taskId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await _store.GetAsync(QueueName, taskId, cancellationToken).ConfigureAwait(false) ?? throw TasksErrors.EntityNotFound();
            if (_inFlight.ContainsKey(taskId) || attempt == 3)
            {
                return TaskRecordCodec.Decode(stored.Payload).Task;
            }
            var claims = await ClaimAsync([stored], forced: true, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (claims is [var claim])
            {
                StartAttempt(claim);
                return claim.Record.Task.Clone();
            }
            // Claimed or changed meanwhile (by the loop, say): look again.
        }
    }

    /// <summary>
    /// Reserves the tasks in <see cref="_inFlight"/> and claims them in the store at the versions read, all in one
    /// store write: each task's counts and last attempt take in the new attempt, and its store schedule time becomes
    /// the end of the lease. Returns the claims that succeeded; a task already in flight here, or moved on since it was
    /// read, is left out (and its reservation dropped).
    /// </summary>
    private async Task<List<DispatchClaim>> ClaimAsync(IReadOnlyList<StoredTask> due, bool forced, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reserved = new List<string>(due.Count);
        var pending = new List<(StoredTask Stored, TaskRecord Attempt, byte[] Payload, Delivery.HttpDeliveryRequest Request)>(due.Count);
        var claims = new List<DispatchClaim>(due.Count);
        try
        {
            foreach (var stored in due)
            {
                if (!_inFlight.TryAdd(stored.TaskId, Task.CompletedTask))
                {
                    continue;
                }
                reserved.Add(stored.TaskId);
                if (await ReadRecordAsync(stored, now, cancellationToken).ConfigureAwait(false) is not { } record)
                {
                    continue;
                }
                var request = DispatchRequests.Build(record, _queue.Definition, _queue.Name.Id, stored.TaskId, _options.AppEngineBaseUrl);
                var attempt = Claimed(record, now, forced);
                pending.Add((stored, attempt, TaskRecordCodec.Encode(attempt), request));
            }
            if (pending.Count == 0)
            {
                return claims;
            }
            var leaseEnd = now + _options.DispatchLease;
            var results = await _store.UpdateManyAsync(QueueName,
                [.. pending.Select(claim => new TaskUpdate(claim.Stored.TaskId, claim.Stored.Version, leaseEnd, claim.Payload))], cancellationToken)
                .ConfigureAwait(false);
            for (var i = 0; i < pending.Count; i++)
            {
                if (results[i].Status == TaskWriteStatus.Done)
                {
                    var (stored, attempt, payload, request) = pending[i];
                    claims.Add(new DispatchClaim(stored.TaskId, attempt, payload, results[i].Task!.Version, request, now, forced));
                }
            }
            return claims;
        }
        finally
        {
            // Reservations without a claim go; the claims' stay, for their attempts.
            var claimed = claims.Select(claim => claim.TaskId).ToHashSet(StringComparer.Ordinal);
            foreach (var taskId in reserved.Where(taskId => !claimed.Contains(taskId)))
            {
                _inFlight.TryRemove(taskId, out _);
            }
        }
    }

    /// <summary>The task's record; null when it cannot be read, after moving the task out of the way of those behind it.</summary>
    private async Task<TaskRecord?> ReadRecordAsync(StoredTask stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return TaskRecordCodec.Decode(stored.Payload);
        }
        catch (InvalidDataException exception)
        {
            // Kept as it is for a Tidings that reads it, but moved out of the way of the tasks behind it.
            TasksLog.UnreadableTask(_logger, QueueName, stored.TaskId, exception);
            await _store.UpdateAsync(QueueName, stored.TaskId, stored.Version, now + UnreadableTaskDelay, stored.Payload, cancellationToken)
                .ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>The record as the attempt starting at <paramref name="now"/> leaves it until it is answered.</summary>
    private static TaskRecord Claimed(TaskRecord record, DateTimeOffset now, bool forced)
    {
        var attempt = record.Clone();
        var task = attempt.Task;
        var dispatchTime = Timestamp.FromDateTimeOffset(now);
        task.DispatchCount++;
        task.FirstAttempt ??= new Attempt { DispatchTime = dispatchTime };
        task.LastAttempt = new Attempt { ScheduleTime = task.ScheduleTime, DispatchTime = dispatchTime };
        // Until this attempt is answered, the next one (after a crash) follows an attempt without a response.
        attempt.PreviousResponse = 0;
        attempt.Claimed = true;
        attempt.Forced = forced;
        return attempt;
    }

    /// <summary>
    /// Makes due now the tasks a previous run claimed and did not finish, so they do not wait for their leases to run
    /// out: walks every task due within a lease from now (claims end at most a lease after their start), a page of
    /// <see cref="RecoveryBatchSize"/> at a time, and moves the claimed ones of each page to now in one store write.
    /// They land before the walk's position, so it sees each task once however many there are.
    /// </summary>
    private async Task RecoverClaimsAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var leaseEnd = now + _options.DispatchLease;
        var (afterTime, afterId) = (now, "");
        var recovered = 0;
        while (true)
        {
            var page = await _store.ListDueAfterAsync(QueueName, afterTime, afterId, leaseEnd, RecoveryBatchSize, cancellationToken).ConfigureAwait(false);
            var stale = page.Where(stored => stored.ScheduleTime > now && IsClaimed(stored))
                .Select(stored => new TaskUpdate(stored.TaskId, stored.Version, now, stored.Payload)).ToList();
            var results = await _store.UpdateManyAsync(QueueName, stale, cancellationToken).ConfigureAwait(false);
            recovered += results.Count(result => result.Status == TaskWriteStatus.Done);
            if (page.Count < RecoveryBatchSize)
            {
                break;
            }
            (afterTime, afterId) = (page[^1].ScheduleTime, page[^1].TaskId);
        }
        if (recovered > 0)
        {
            TasksLog.ClaimsRecovered(_logger, QueueName, recovered);
        }
    }

    private bool IsClaimed(StoredTask stored)
    {
        try
        {
            return TaskRecordCodec.Decode(stored.Payload).Claimed;
        }
        catch (InvalidDataException exception)
        {
            TasksLog.UnreadableTask(_logger, QueueName, stored.TaskId, exception);
            return false;
        }
    }
}
