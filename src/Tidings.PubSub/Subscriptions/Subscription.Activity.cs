namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// Activity for the expiration policy: a subscription whose ttl passes without activity is deleted by the broker's
/// expiry sweep (<c>PubSubBroker.Expiration.cs</c>, where what counts as activity is listed).
/// </summary>
public sealed partial class Subscription
{
    /// <summary>
    /// Activity closer together than this is recorded once: the hot path then mostly reads a field and the clock,
    /// and writes the shared field at most once per interval. Far below any ttl (at least a day).
    /// </summary>
    internal static readonly TimeSpan ActivityResolution = TimeSpan.FromSeconds(1);

    /// <summary>The last activity, in Unix milliseconds of the injected clock. Read and written without the lock.</summary>
    private long _lastActiveMs;

    /// <summary>When the subscription was last active (creation, a subscriber's call, a successful push).</summary>
    internal DateTimeOffset LastActive => DateTimeOffset.FromUnixTimeMilliseconds(Volatile.Read(ref _lastActiveMs));

    /// <summary>
    /// Records activity now. Cheap enough for every Pull, ack and push: a clock read, and a write only when the
    /// recorded time is at least <see cref="ActivityResolution"/> old. Never moves the time backwards.
    /// </summary>
    internal void MarkActive()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var last = Volatile.Read(ref _lastActiveMs);
        if (now - last >= ActivityResolution.TotalMilliseconds)
        {
            // A racing writer may have stored a time a few milliseconds later; losing either is harmless at this resolution.
            Interlocked.CompareExchange(ref _lastActiveMs, now, last);
        }
    }

    /// <summary>Sets the last activity recovered at start-up (or the creation time), before anyone else sees it.</summary>
    internal void RestoreLastActive(DateTimeOffset lastActive) => Volatile.Write(ref _lastActiveMs, lastActive.ToUnixTimeMilliseconds());

    /// <summary>
    /// A subscriber is connected: a StreamingPull stream is open or a unary Pull is waiting. A push dispatcher is no
    /// subscriber (for push, only successful pushes count).
    /// </summary>
    internal bool HasConnectedSubscriber
    {
        get
        {
            foreach (var consumer in Volatile.Read(ref _consumers))
            {
                if (!consumer.IsPush)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// When the expiration policy deletes the subscription if nothing happens before; null: never (no ttl, or one
    /// reaching past the calendar: a Duration may be up to 10,000 years).
    /// </summary>
    internal DateTimeOffset? ExpiresAt
    {
        get
        {
            var lastActive = LastActive;
            return Settings.ExpirationTtl is { } ttl && ttl <= DateTimeOffset.MaxValue - lastActive ? lastActive + ttl : null;
        }
    }
}
