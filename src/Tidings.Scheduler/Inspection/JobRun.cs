namespace Tidings.Scheduler.Inspection;

/// <summary>One attempt of a job, as the console's run history shows it.</summary>
/// <param name="ScheduleTime">The <c>X-CloudScheduler-ScheduleTime</c> the attempt carried (a manual run's: when it was asked for).</param>
/// <param name="StartTime">When the attempt was sent.</param>
/// <param name="EndTime">When its outcome was known.</param>
/// <param name="Code">The <c>google.rpc.Code</c> recorded as the job's status (0 for success).</param>
/// <param name="Message">The status text.</param>
/// <param name="Manual">True for a run asked for with RunJob, false for a scheduled run or its retry.</param>
public sealed record JobRun(string ScheduleTime, DateTimeOffset StartTime, DateTimeOffset EndTime, int Code, string Message, bool Manual);
