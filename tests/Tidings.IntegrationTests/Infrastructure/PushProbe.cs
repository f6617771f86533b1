using Microsoft.Extensions.DependencyInjection;
using Tidings.PubSub;
using Tidings.PubSub.Push;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// Looks at a subscription's push dispatcher through the engine's test hooks. Tests on the fake clock need it: a
/// failed push sets the backoff from the clock's "now" once the response is processed, and the loop then sets a timer
/// for what is left of it, counted from the clock's time when it sets it; so the clock may be moved through a backoff
/// only once the loop waits it out (<see cref="WaitBackingOffAsync"/>), as a move before the timer is set is missed.
/// And a test that asserts that no push comes must first know the dispatcher is parked where only the clock (or
/// nothing) can move it.
/// </summary>
internal static class PushProbe
{
    /// <summary>The dispatcher running for the subscription, or null when none does (a pull subscription).</summary>
    public static PushDispatcher? Dispatcher(IServiceProvider services, string subscription)
    {
        var broker = services.GetRequiredService<PubSubBroker>();
        return broker.FindPushDispatcher(broker.GetSubscription(subscription));
    }

    /// <summary>Pushes in flight on the subscription, or null when no dispatcher runs for it (a pull subscription).</summary>
    public static int? InFlight(IServiceProvider services, string subscription) => Dispatcher(services, subscription)?.InFlight;

    /// <summary>
    /// Waits until every push of the subscription has ended and its outcome (ack, nack, backoff) is applied; not
    /// until the loop waits out a backoff, so before moving the clock through one use <see cref="WaitBackingOffAsync"/>.
    /// </summary>
    public static Task WaitIdleAsync(IServiceProvider services, string subscription) =>
        Eventually.TrueAsync(() => InFlight(services, subscription) is 0, $"the push dispatcher of {subscription} to be idle");

    /// <summary>Waits until no dispatcher runs for the subscription (it became a pull subscription).</summary>
    public static Task WaitStoppedAsync(IServiceProvider services, string subscription) =>
        Eventually.TrueAsync(() => InFlight(services, subscription) is null, $"the push dispatcher of {subscription} to stop");

    /// <summary>
    /// Waits until the subscription's dispatcher has nothing in flight and waits out a backoff, and returns until
    /// when: from then on no push can start before the fake clock reaches that time. Stops waiting early, returning
    /// null, once <paramref name="gaveUp"/> holds with nothing in flight, so a test that sees a push come too soon
    /// fails on its own assertion, not on a timeout.
    /// </summary>
    public static async Task<DateTimeOffset?> WaitBackingOffAsync(IServiceProvider services, string subscription, Func<bool> gaveUp)
    {
        DateTimeOffset? until = null;
        await Eventually.TrueAsync(() =>
        {
            if (Dispatcher(services, subscription) is not { } dispatcher)
            {
                return false;
            }
            // In this order: while the loop waits out a backoff it starts no push, so nothing in flight after
            // seeing the wait means nothing in flight during it.
            until = dispatcher.BackingOffUntil;
            return dispatcher.InFlight == 0 && (until is not null || gaveUp());
        }, $"the push dispatcher of {subscription} to back off");
        return until;
    }
}
