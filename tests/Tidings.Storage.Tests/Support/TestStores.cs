using Microsoft.Extensions.Logging.Abstractions;
using Tidings.Storage.Segments;

namespace Tidings.Storage.Tests.Support;

internal static class TestStores
{
    public static SegmentLogStore Open(SegmentLogStoreOptions options, ISegmentFileOps? files = null) =>
        new(options, NullLogger.Instance, files ?? SystemSegmentFileOps.Instance);

    public static SegmentLogStore Open(string directory, long segmentBytes = SegmentLogStoreOptions.DefaultSegmentBytes,
        ISegmentFileOps? files = null, bool repair = false, long cacheBytes = SegmentLogStoreOptions.DefaultCacheBytes) =>
        Open(new SegmentLogStoreOptions { Directory = directory, SegmentBytes = segmentBytes, Repair = repair, CacheBytes = cacheBytes }, files);

    /// <summary>The log directory of <paramref name="logId"/> under <paramref name="root"/>.</summary>
    public static string LogDirectory(string root, long logId) => Path.Combine(root, logId.ToString("D12"));

    public static string[] SegmentFiles(string root, long logId)
    {
        var files = Directory.GetFiles(LogDirectory(root, logId), "*.seg");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
