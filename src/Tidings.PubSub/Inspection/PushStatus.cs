namespace Tidings.PubSub.Inspection;

/// <summary>
/// A push subscription's dispatcher as operators see it now. Its last failure and backoff are in the statistics
/// (<see cref="Monitoring.SubscriptionStatistics"/>).
/// </summary>
/// <param name="InFlight">Pushes sent and not answered yet.</param>
/// <param name="WindowSize">How many pushes may be in flight at once now (grows on success, shrinks on failure).</param>
public sealed record PushStatus(int InFlight, int WindowSize);
