using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Tidings.PubSub;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// Looks at a subscription's push dispatcher through the engine's test hooks (<c>PubSubBroker.FindPushDispatcher</c>
/// and <c>PushDispatcher.InFlight</c>, internal to Tidings.PubSub, so reached by reflection). Tests on the fake clock
/// need it: a failed push sets the backoff from the clock's "now" once the response is processed, so the clock may
/// be advanced only after the dispatcher is idle again.
/// </summary>
internal static class PushProbe
{
    private static readonly MethodInfo FindDispatcher =
        typeof(PubSubBroker).GetMethod("FindPushDispatcher", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(nameof(PubSubBroker), "FindPushDispatcher");

    /// <summary>Pushes in flight on the subscription, or null when no dispatcher runs for it (a pull subscription).</summary>
    public static int? InFlight(IServiceProvider services, string subscription)
    {
        var broker = services.GetRequiredService<PubSubBroker>();
        var dispatcher = FindDispatcher.Invoke(broker, [broker.GetSubscription(subscription)]);
        if (dispatcher is null)
        {
            return null;
        }
        var inFlight = dispatcher.GetType().GetProperty("InFlight")
            ?? throw new MissingMemberException(dispatcher.GetType().Name, "InFlight");
        return (int)inFlight.GetValue(dispatcher)!;
    }

    /// <summary>Waits until every push of the subscription has ended and its outcome (ack, nack, backoff) is applied.</summary>
    public static Task WaitIdleAsync(IServiceProvider services, string subscription) =>
        Eventually.TrueAsync(() => InFlight(services, subscription) is 0, $"the push dispatcher of {subscription} to be idle");

    /// <summary>Waits until no dispatcher runs for the subscription (it became a pull subscription).</summary>
    public static Task WaitStoppedAsync(IServiceProvider services, string subscription) =>
        Eventually.TrueAsync(() => InFlight(services, subscription) is null, $"the push dispatcher of {subscription} to stop");
}
