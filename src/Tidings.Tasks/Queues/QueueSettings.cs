using System.Globalization;
using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Tasks.Errors;

namespace Tidings.Tasks.Queues;

/// <summary>
/// Turns the settings a client sends into the ones a queue keeps: unset values (zero, or a missing duration) get the
/// defaults, the burst size is the server's pick, output-only fields are dropped, and anything out of Google's ranges
/// is refused. The result is what GetQueue answers.
/// </summary>
internal static class QueueSettings
{
    /// <summary>A copy of <paramref name="requested"/> with every setting decided; name, state and purge time are left to the caller.</summary>
    public static Queue Effective(Queue requested, Uri appEngineBaseUrl)
    {
        var queue = new Queue
        {
            Name = requested.Name,
            RateLimits = Rates(requested.RateLimits ?? new RateLimits()),
            RetryConfig = Retries(requested.RetryConfig ?? new RetryConfig()),
        };
        if (requested.AppEngineRoutingOverride is { } routing)
        {
            queue.AppEngineRoutingOverride = new AppEngineRouting { Service = routing.Service, Version = routing.Version, Instance = routing.Instance };
            queue.AppEngineRoutingOverride.Host = Dispatch.AppEngineTarget.RoutingHost(queue.AppEngineRoutingOverride, appEngineBaseUrl);
        }
        if (requested.StackdriverLoggingConfig is { } logging)
        {
            var ratio = logging.SamplingRatio;
            if (double.IsNaN(ratio) || ratio < 0 || ratio > 1)
            {
                throw TasksErrors.SettingOutOfRange("stackdriver_logging_config.sampling_ratio", Format(ratio), "between 0 and 1");
            }
            queue.StackdriverLoggingConfig = new StackdriverLoggingConfig { SamplingRatio = ratio };
        }
        return queue;
    }

    private static RateLimits Rates(RateLimits requested)
    {
        var rate = requested.MaxDispatchesPerSecond;
        if (double.IsNaN(rate) || rate < 0 || rate > QueueDefaults.MaxDispatchesPerSecondLimit)
        {
            throw TasksErrors.SettingOutOfRange("rate_limits.max_dispatches_per_second", Format(rate), "greater than 0 and at most 500");
        }
        rate = rate == 0 ? QueueDefaults.MaxDispatchesPerSecond : rate;
        var concurrent = requested.MaxConcurrentDispatches;
        if (concurrent is < 0 or > QueueDefaults.MaxConcurrentDispatchesLimit)
        {
            throw TasksErrors.SettingOutOfRange("rate_limits.max_concurrent_dispatches", Format(concurrent), "between 1 and 5000");
        }
        return new RateLimits
        {
            MaxDispatchesPerSecond = rate,
            MaxBurstSize = QueueDefaults.BurstSizeFor(rate),
            MaxConcurrentDispatches = concurrent == 0 ? QueueDefaults.MaxConcurrentDispatches : concurrent,
        };
    }

    private static RetryConfig Retries(RetryConfig requested)
    {
        if (requested.MaxAttempts < -1)
        {
            throw TasksErrors.SettingOutOfRange("retry_config.max_attempts", Format(requested.MaxAttempts), "-1 (unlimited) or more");
        }
        if (requested.MaxDoublings < 0)
        {
            throw TasksErrors.SettingOutOfRange("retry_config.max_doublings", Format(requested.MaxDoublings), "0 or more");
        }
        var minBackoff = NonNegative("retry_config.min_backoff", requested.MinBackoff) ?? QueueDefaults.MinBackoff;
        var maxBackoff = NonNegative("retry_config.max_backoff", requested.MaxBackoff) ?? QueueDefaults.MaxBackoff;
        if (minBackoff > maxBackoff)
        {
            throw TasksErrors.MinBackoffAboveMaxBackoff(minBackoff, maxBackoff);
        }
        var retries = new RetryConfig
        {
            MaxAttempts = requested.MaxAttempts == 0 ? QueueDefaults.MaxAttempts : requested.MaxAttempts,
            MinBackoff = Duration.FromTimeSpan(minBackoff),
            MaxBackoff = Duration.FromTimeSpan(maxBackoff),
            MaxDoublings = requested.MaxDoublings == 0 ? QueueDefaults.MaxDoublings : requested.MaxDoublings,
        };
        // Zero means no time limit; left unset, as an unset duration reads.
        if (NonNegative("retry_config.max_retry_duration", requested.MaxRetryDuration) is { } limit && limit > TimeSpan.Zero)
        {
            retries.MaxRetryDuration = Duration.FromTimeSpan(limit);
        }
        return retries;
    }

    private static TimeSpan? NonNegative(string field, Duration? duration)
    {
        if (duration is null)
        {
            return null;
        }
        var span = Durations.ToTimeSpan(duration);
        if (span is not { } value || value < TimeSpan.Zero)
        {
            throw TasksErrors.SettingOutOfRange(field, Durations.Format(duration), "a non-negative duration");
        }
        return value;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
