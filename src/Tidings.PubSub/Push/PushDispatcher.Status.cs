using Tidings.PubSub.Inspection;

namespace Tidings.PubSub.Push;

internal sealed partial class PushDispatcher
{
    /// <summary>What the console shows of this dispatcher beside its statistics; each value as of its own read.</summary>
    public PushStatus Status() => new(InFlight, WindowSize);
}
