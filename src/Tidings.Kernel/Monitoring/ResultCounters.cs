namespace Tidings.Kernel.Monitoring;

/// <summary>
/// Attempts counted by the <c>google.rpc.Code</c> of their result, as Google's <c>response_code</c> metric labels
/// count them (Cloud Tasks' task attempts, Cloud Scheduler's job attempts), since the server started. One
/// <see cref="Interlocked"/> increment per attempt; read without a lock.
/// </summary>
public sealed class ResultCounters
{
    /// <summary>Google's names of the codes 0 (OK) to 16 (UNAUTHENTICATED), as <c>google.rpc.Code</c> spells them.</summary>
    private static readonly string[] CodeNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    private const int UnknownCode = 2;

    private readonly long[] _byCode = new long[CodeNames.Length];

    /// <summary>Counts one attempt that ended with <paramref name="code"/>; a code outside 0–16 counts as UNKNOWN.</summary>
    public void Record(int code) => Interlocked.Increment(ref _byCode[code >= 0 && code < CodeNames.Length ? code : UnknownCode]);

    /// <summary>Google's name of a code (<c>OK</c>, <c>NOT_FOUND</c>, …); UNKNOWN outside 0–16.</summary>
    public static string NameOf(int code) => CodeNames[code >= 0 && code < CodeNames.Length ? code : UnknownCode];

    /// <summary>The codes seen at least once, by Google's name, with their counts.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var code = 0; code < CodeNames.Length; code++)
        {
            if (Volatile.Read(ref _byCode[code]) is var count and > 0)
            {
                counts[CodeNames[code]] = count;
            }
        }
        return counts;
    }
}
