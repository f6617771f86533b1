using Google.Cloud.Scheduler.V1;
using Tidings.Kernel.Errors;
using Tidings.Scheduler.Errors;
using Tidings.Scheduler.Execution;
using Tidings.Scheduler.Jobs;
using Tidings.Scheduler.Names;
using Tidings.Scheduler.Persistence;
using Tidings.Scheduler.Schedules;
using Tidings.Storage.State;

namespace Tidings.Scheduler;

/// <summary>Start-up: every stored job back in memory, attempts cut short by a stop closed, missed instants handled by the misfire policy.</summary>
public sealed partial class SchedulerEngine
{
    private void Recover(IStateStore state)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var document in state.LoadAll(JobDocuments.JobKind))
            {
                var job = Restore(document);
                _jobs.Add(job.Key, job);
                if (job.Execution is { InFlight: true })
                {
                    // Sent (or about to be) when the server stopped: not sent again, so the instant fires at most once.
                    SchedulerLog.AttemptInterrupted(_logger, job.Key);
                    job.Status = AttemptStatus.Of(ErrorCode.Unknown, SchedulerErrors.InterruptedText());
                    job.Execution = null;
                    Stage(job);
                }
                if (Options.MisfirePolicy == MisfirePolicy.Skip && job.State == Job.Types.State.Enabled && job.Execution is null
                    && job.NextInstant is { } missed && missed <= now)
                {
                    job.ScheduleAnchor = LatestInstant(job, missed, now);
                    SchedulerLog.MisfireSkipped(_logger, job.Key, missed);
                    Stage(job);
                }
                Enqueue(job);
            }
        }
        _journal.FlushAsync().GetAwaiter().GetResult();
    }

    private static ScheduledJob Restore(StateDocument document)
    {
        var stored = JobDocuments.Read(document);
        var definition = JobDocuments.ReadDefinition(document, stored);
        if (!JobNames.Job.TryParse(document.Key, out var name))
        {
            throw new InvalidDataException($"The stored {document.Kind} record '{document.Key}' has no valid job name.");
        }
        JobSchedule schedule;
        try
        {
            schedule = JobSchedule.Parse(definition.Schedule, definition.TimeZone);
        }
        catch (TidingsException exception)
        {
            throw new InvalidDataException(
                $"The stored {document.Kind} record '{document.Key}' has a schedule or time zone this server cannot read ({definition.Schedule}, {definition.TimeZone}).", exception);
        }
        var job = new ScheduledJob(name, definition, schedule, stored.UserUpdateTime)
        {
            State = (Job.Types.State)stored.State,
            ScheduleAnchor = stored.ScheduleAnchor,
            LastAttemptTime = stored.LastAttemptTime,
            Status = JobDocuments.ReadStatus(document, stored),
        };
        if (stored.Execution is { } execution)
        {
            job.Execution = new JobExecution(execution.Instant, execution.FirstAttemptTime)
            {
                Attempts = execution.Attempts,
                InFlight = execution.InFlight,
                NextAttemptTime = execution.NextAttemptTime,
            };
        }
        return job;
    }
}
