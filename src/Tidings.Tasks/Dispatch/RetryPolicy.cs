using Google.Cloud.Tasks.V2;
using Tidings.Delivery;

namespace Tidings.Tasks.Dispatch;

/// <summary>
/// Google's retry rules for a failed attempt (reference §1.4): the backoff doubles from min_backoff max_doublings
/// times, then grows linearly by min_backoff·2^max_doublings, capped at max_backoff; and retrying stops only once
/// both max_attempts attempts were made and max_retry_duration has passed since the first attempt (-1 attempts and a
/// zero duration being unlimited, and a task kept at most its 31-day retention).
/// </summary>
internal static class RetryPolicy
{
    /// <summary>The delay after the <paramref name="failures"/>-th failed attempt (1 for the first).</summary>
    public static TimeSpan Backoff(int failures, TimeSpan minBackoff, TimeSpan maxBackoff, int maxDoublings) =>
        GoogleRetryBackoff.Delay(Math.Max(1, failures), minBackoff, maxBackoff, maxDoublings);

    public static TimeSpan Backoff(int failures, RetryConfig retry) =>
        Backoff(failures, retry.MinBackoff?.ToTimeSpan() ?? TimeSpan.Zero, retry.MaxBackoff?.ToTimeSpan() ?? TimeSpan.Zero, retry.MaxDoublings);

    /// <summary>Whether a task that has just failed its <paramref name="attempts"/>-th attempt is given up.</summary>
    /// <param name="firstAttempt">When the task was first dispatched; max_retry_duration counts from it.</param>
    public static bool GivesUp(RetryConfig retry, int attempts, DateTimeOffset firstAttempt, DateTimeOffset now)
    {
        var attemptsUsed = retry.MaxAttempts != -1 && attempts >= retry.MaxAttempts;
        var limit = retry.MaxRetryDuration?.ToTimeSpan() ?? TimeSpan.Zero;
        var durationUsed = limit <= TimeSpan.Zero || now - firstAttempt >= limit;
        return attemptsUsed && durationUsed;
    }
}
