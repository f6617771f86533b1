using Google.Cloud.Scheduler.V1;

namespace Tidings.Scheduler.Execution;

/// <summary>One attempt to make: the job's definition at the time, its short id, and the schedule time it carries.</summary>
/// <param name="ScheduleTime">The <c>X-CloudScheduler-ScheduleTime</c> value: the run's cron instant, or for a manual
/// run the time it was asked for, in the job's zone.</param>
internal sealed record AttemptRequest(Job Definition, string JobId, string ScheduleTime);
