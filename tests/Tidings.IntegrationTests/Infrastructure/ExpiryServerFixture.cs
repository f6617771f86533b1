namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// A server whose fake clock may be moved by days: it sweeps for expired subscriptions and checkpoints acks once an
/// hour, so a day is a few dozen timer callbacks rather than the ~900,000 of the default 100 ms checkpoint.
/// </summary>
public sealed class ExpiryServerFixture : TidingsServerFixture
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    public ExpiryServerFixture()
    {
        PubSubOptions.ExpirySweepInterval = SweepInterval;
        PubSubOptions.AckCheckpointInterval = SweepInterval;
        // Streams are not recycled while the clock moves by days, so one stays open for as long as a test holds it.
        PubSubOptions.StreamMaxLifetime = TimeSpan.FromDays(30);
    }
}
