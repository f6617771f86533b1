namespace Tidings.Cluster;

/// <summary>One reading of the database's clock between two readings of the local one.</summary>
/// <param name="LocalBefore">The local wall clock just before the query was sent.</param>
/// <param name="Database">The database's <c>clock_timestamp()</c>.</param>
/// <param name="LocalAfter">The local wall clock once the answer came.</param>
internal sealed record ClockSample(DateTimeOffset LocalBefore, DateTimeOffset Database, DateTimeOffset LocalAfter)
{
    public TimeSpan RoundTrip => LocalAfter - LocalBefore;

    /// <summary>
    /// Database time minus local time, assuming the database read its clock half-way through the round trip: the
    /// error is at most half the round trip.
    /// </summary>
    public TimeSpan Offset => Database - (LocalBefore + RoundTrip / 2);
}
