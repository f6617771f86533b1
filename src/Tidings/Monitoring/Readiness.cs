namespace Tidings.Monitoring;

/// <summary>
/// Whether the server is ready for traffic: every engine's stores are open and recovered, and no stop has begun.
/// Set by <see cref="ReadinessMarker"/>; read by <c>/readyz</c>. Thread-safe.
/// </summary>
internal sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _ready = false;
}
