namespace Tidings.Cluster;

/// <summary>
/// The requests each unit's engine serves here now, so a unit handed back (<see cref="UnitRole.Releasing"/>) closes
/// only once those it took are answered. A request counts itself before it reads the role and backs out when the
/// role is no longer <see cref="UnitRole.Owning"/>; the releaser sets the role before it reads the count; so either
/// the request sees the release or the release sees the request.
/// </summary>
internal sealed class UnitRequests(ClusterState state, TimeProvider? time = null)
{
    private readonly int[] _inFlight = new int[state.Units.All.Count];
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Runs <paramref name="serve"/>, counted, when this node runs <paramref name="unit"/>; false (nothing run) when it
    /// does not, and the request must go to the unit's owner.
    /// </summary>
    public async Task<bool> TryServeAsync(ClusterUnit unit, Func<Task> serve)
    {
        if (!TryEnter(unit))
        {
            return false;
        }
        try
        {
            await serve().ConfigureAwait(false);
            return true;
        }
        finally
        {
            Exit(unit);
        }
    }

    /// <summary>Counts a request for <paramref name="unit"/> when this node runs it; false (nothing counted) otherwise.</summary>
    public bool TryEnter(ClusterUnit unit)
    {
        var i = state.Units.IndexOf(unit);
        Interlocked.Increment(ref _inFlight[i]);
        if (state.RoleOf(unit) == UnitRole.Owning)
        {
            return true;
        }
        Interlocked.Decrement(ref _inFlight[i]);
        return false;
    }

    /// <summary>Ends a request that <see cref="TryEnter"/> counted.</summary>
    public void Exit(ClusterUnit unit) => Interlocked.Decrement(ref _inFlight[state.Units.IndexOf(unit)]);

    /// <summary>Requests counted for <paramref name="unit"/> now.</summary>
    public int InFlight(ClusterUnit unit) => Volatile.Read(ref _inFlight[state.Units.IndexOf(unit)]);

    /// <summary>
    /// Waits until no request of <paramref name="unit"/> is in flight, at most <paramref name="timeout"/>; returns how
    /// many still were. Polls: it runs only while a unit is handed back.
    /// </summary>
    public async Task<int> DrainAsync(ClusterUnit unit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (InFlight(unit) > 0 && _time.GetElapsedTime(started) < timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, cancellationToken).ConfigureAwait(false);
        }
        return InFlight(unit);
    }
}
