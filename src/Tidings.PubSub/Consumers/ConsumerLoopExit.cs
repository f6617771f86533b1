namespace Tidings.PubSub.Consumers;

/// <summary>Why <see cref="ConsumerLoop.RunAsync"/> returned.</summary>
public enum ConsumerLoopExit
{
    /// <summary>The sink asked to stop (a unary Pull has its batch).</summary>
    SinkStopped,

    /// <summary>The loop's time was up while nothing was available (a Pull's wait, a stream's lifetime).</summary>
    TimeUp,

    /// <summary>The subscription was deleted or detached; nothing more will come from it.</summary>
    SubscriptionGone,

    /// <summary>The engine stopped delivering (<see cref="PubSubBroker.StopDelivering"/>): it is about to close here and open elsewhere.</summary>
    EngineStopping,
}
