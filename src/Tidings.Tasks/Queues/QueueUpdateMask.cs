using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Masks;
using Tidings.Tasks.Errors;

namespace Tidings.Tasks.Queues;

/// <summary>
/// UpdateQueue's field mask: the named fields come from the request, the others stay as they are; an empty mask
/// names every field. Output-only fields (state, purge time, burst size, routing host) and the name may be named
/// and are ignored, as Google ignores them. Paths may use the proto names (<c>rate_limits.max_burst_size</c>) or the
/// JSON names (<c>rateLimits.maxBurstSize</c>, as REST callers put them in the query), as Google accepts both.
/// </summary>
internal static class QueueUpdateMask
{
    private static readonly HashSet<string> Updatable = new(StringComparer.Ordinal)
    {
        "app_engine_routing_override", "app_engine_routing_override.service", "app_engine_routing_override.version",
        "app_engine_routing_override.instance",
        "rate_limits", "rate_limits.max_dispatches_per_second", "rate_limits.max_concurrent_dispatches",
        "retry_config", "retry_config.max_attempts", "retry_config.max_retry_duration", "retry_config.min_backoff",
        "retry_config.max_backoff", "retry_config.max_doublings",
        "stackdriver_logging_config", "stackdriver_logging_config.sampling_ratio",
    };

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "name", "state", "purge_time", "rate_limits.max_burst_size", "app_engine_routing_override.host",
    };

    private static readonly FieldMask.MergeOptions Replace = new() { ReplaceMessageFields = true, ReplacePrimitiveFields = true };

    /// <summary>
    /// The settings as requested after the update: <paramref name="current"/> (null when the queue is created by the
    /// update) with the masked fields of <paramref name="update"/>. Decided by <see cref="QueueSettings"/> afterwards.
    /// </summary>
    public static Queue Apply(Queue? current, Queue update, FieldMask? mask)
    {
        var paths = mask?.Paths ?? [];
        if (paths.Count == 0)
        {
            return update.Clone();
        }
        var effective = new FieldMask();
        foreach (var path in paths.Select(FieldMaskPath.ToProtoName))
        {
            if (Updatable.Contains(path))
            {
                effective.Paths.Add(path);
            }
            else if (!Ignored.Contains(path))
            {
                throw TasksErrors.UnknownUpdateMaskField(path);
            }
        }
        var merged = current?.Clone() ?? new Queue();
        merged.Name = update.Name;
        if (effective.Paths.Count > 0)
        {
            effective.Merge(update, merged, Replace);
        }
        return merged;
    }

}
