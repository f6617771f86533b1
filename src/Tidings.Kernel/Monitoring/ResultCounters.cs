using Tidings.Kernel.Errors;

namespace Tidings.Kernel.Monitoring;

/// <summary>
/// Attempts counted by the <c>google.rpc.Code</c> of their result, as Google's <c>response_code</c> metric labels
/// count them (Cloud Tasks' task attempts, Cloud Scheduler's job attempts), since the server started. One
/// <see cref="Interlocked"/> increment per attempt; read without a lock.
/// </summary>
public sealed class ResultCounters
{
    private readonly long[] _byCode = new long[GoogleCodes.Count];

    /// <summary>Counts one attempt that ended with <paramref name="code"/>; a code outside 0–16 counts as UNKNOWN.</summary>
    public void Record(int code) => Interlocked.Increment(ref _byCode[GoogleCodes.Normalize(code)]);

    /// <summary>The codes seen at least once, by Google's name, with their counts.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var code = 0; code < _byCode.Length; code++)
        {
            if (Volatile.Read(ref _byCode[code]) is var count and > 0)
            {
                counts[GoogleCodes.NameOf(code)] = count;
            }
        }
        return counts;
    }
}
