using System.Diagnostics.Metrics;

namespace Tidings.Storage.Monitoring;

/// <summary>
/// The storage engine's histograms, recorded where the work happens (the flusher thread, the task store's writer),
/// never on a caller's path. With no listener a record is a no-op. The host's metrics exporter subscribes to
/// <see cref="MeterName"/>; docs/metrics.md maps the names to Prometheus.
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "Tidings.Storage";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>How long one fsync of a message log's active segment took, in seconds.</summary>
    internal static readonly Histogram<double> FsyncDuration = Meter.CreateHistogram<double>(
        "tidings.storage.log.fsync.duration", unit: "s", description: "Duration of one fsync of a message log segment.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });

    /// <summary>Bytes one fsync made durable (every append written since the last): the log's group-commit size.</summary>
    internal static readonly Histogram<long> LogGroupCommitBytes = Meter.CreateHistogram<long>(
        "tidings.storage.log.group_commit.size", unit: "By", description: "Bytes of appends made durable by one fsync of a message log.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216] });

    /// <summary>Writes one task-store transaction committed: its group-commit size.</summary>
    internal static readonly Histogram<long> TaskGroupCommitWrites = Meter.CreateHistogram<long>(
        "tidings.storage.tasks.group_commit.size", unit: "{write}", description: "Task writes committed by one transaction of the task store.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 4000] });
}
