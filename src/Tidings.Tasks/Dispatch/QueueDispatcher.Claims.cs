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
            var claim = await ClaimAsync(stored, forced: true, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (claim is not null)
            {
                StartAttempt(claim);
                return claim.Record.Task.Clone();
            }
            // Claimed or changed meanwhile (by the loop, say): look again.
        }
    }

    /// <summary>
    /// Reserves the task in <see cref="_inFlight"/> and claims it in the store at the version read: its counts and
    /// last attempt take in the new attempt, and its store schedule time becomes the end of the lease. Null when the
    /// task is already in flight here or moved on since it was read.
    /// </summary>
    private async Task<DispatchClaim?> ClaimAsync(StoredTask stored, bool forced, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_inFlight.TryAdd(stored.TaskId, Task.CompletedTask))
        {
            return null;
        }
        var claimed = false;
        try
        {
            TaskRecord record;
            try
            {
                record = TaskRecordCodec.Decode(stored.Payload);
            }
            catch (InvalidDataException exception)
            {
                // Kept as it is for a Tidings that reads it, but moved out of the way of the tasks behind it.
                TasksLog.UnreadableTask(_logger, QueueName, stored.TaskId, exception);
                await _store.UpdateAsync(QueueName, stored.TaskId, stored.Version, now + UnreadableTaskDelay, stored.Payload, cancellationToken)
                    .ConfigureAwait(false);
                return null;
            }
            var request = DispatchRequests.Build(record, _queue.Definition, _queue.Name.Id, stored.TaskId, _options.AppEngineBaseUrl);
            var attempt = Claimed(record, now, forced);
            var payload = TaskRecordCodec.Encode(attempt);
            var result = await _store.UpdateAsync(QueueName, stored.TaskId, stored.Version, now + _options.DispatchLease, payload, cancellationToken)
                .ConfigureAwait(false);
            if (result.Status != TaskWriteStatus.Done)
            {
                return null;
            }
            claimed = true;
            return new DispatchClaim(stored.TaskId, attempt, payload, result.Task!.Version, request, now, forced);
        }
        finally
        {
            if (!claimed)
            {
                _inFlight.TryRemove(stored.TaskId, out _);
            }
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
    /// Makes due now the tasks a previous run claimed and did not finish, so they do not wait for their leases to
    /// run out. Only the first <see cref="RecoveryScanLimit"/> tasks due within a lease are looked at; claims beyond
    /// them are dispatched when their leases end.
    /// </summary>
    private async Task RecoverClaimsAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var soon = await _store.ListDueAsync(QueueName, now + _options.DispatchLease, RecoveryScanLimit, cancellationToken).ConfigureAwait(false);
        var recovered = 0;
        foreach (var stored in soon)
        {
            if (stored.ScheduleTime <= now || !IsClaimed(stored))
            {
                continue;
            }
            var result = await _store.UpdateAsync(QueueName, stored.TaskId, stored.Version, now, stored.Payload, cancellationToken).ConfigureAwait(false);
            recovered += result.Status == TaskWriteStatus.Done ? 1 : 0;
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
