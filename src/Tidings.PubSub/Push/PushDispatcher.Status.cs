using Tidings.Delivery;
using Tidings.PubSub.Inspection;

namespace Tidings.PubSub.Push;

internal sealed partial class PushDispatcher
{
    /// <summary>The last failure, replaced whole so a reader never sees half of one.</summary>
    private volatile PushFailure? _lastFailure;

    /// <summary>What the console shows of this dispatcher; read without locks, each value as of its own read.</summary>
    public PushStatus Status()
    {
        var failure = _lastFailure;
        return new PushStatus(InFlight, WindowSize, BackingOffUntil, failure?.Description, failure?.Time);
    }

    private void RecordFailure(DeliveryResult result) =>
        _lastFailure = new PushFailure(result.Outcome == DeliveryOutcome.Responded
            ? $"HTTP {result.StatusCode}"
            : $"{result.Outcome}{(result.Error is { Length: > 0 } error ? ": " + error : "")}", _time.GetUtcNow());

    private void RecordFailure(Exception exception) => _lastFailure = new PushFailure(exception.Message, _time.GetUtcNow());

    private sealed record PushFailure(string Description, DateTimeOffset Time);
}
