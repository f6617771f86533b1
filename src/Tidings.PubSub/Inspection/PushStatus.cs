namespace Tidings.PubSub.Inspection;

/// <summary>The state of a push subscription's dispatcher, for operators.</summary>
/// <param name="InFlight">Pushes sent and not answered yet.</param>
/// <param name="WindowSize">How many pushes may be in flight at once now (grows on success, shrinks on failure).</param>
/// <param name="BackingOffUntil">While pushes are paused after failures, when they resume; otherwise null.</param>
/// <param name="LastError">The last failed push's outcome (HTTP status, timeout, unreachable…), or null if none failed since start-up.</param>
/// <param name="LastErrorTime">When that failure was seen.</param>
public sealed record PushStatus(int InFlight, int WindowSize, DateTimeOffset? BackingOffUntil, string? LastError, DateTimeOffset? LastErrorTime);
