using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>Publish times and durations between protobuf's types and the domain's.</summary>
public sealed class ProtoTimeTests
{
    [Theory]
    [InlineData(0L, 0L, 0)]
    [InlineData(1_500_000L, 1L, 500_000_000)]
    [InlineData(1_764_417_600_000_001L, 1_764_417_600L, 1_000)]
    [InlineData(-1L, -1L, 999_999_000)]
    [InlineData(-1_500_000L, -2L, 500_000_000)]
    public void FromUnixMicros_AnyInstant_SplitsIntoSecondsAndForwardNanos(long micros, long seconds, int nanos)
    {
        var timestamp = ProtoTime.FromUnixMicros(micros);

        Assert.Equal(seconds, timestamp.Seconds);
        Assert.Equal(nanos, timestamp.Nanos);
    }

    [Fact]
    public void FromUnixMicros_Instant_IsTheSameInstant()
    {
        var instant = new DateTimeOffset(2026, 11, 29, 12, 0, 0, 123, 456, TimeSpan.Zero);

        var timestamp = ProtoTime.FromUnixMicros((instant - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);

        Assert.Equal(instant, timestamp.ToDateTimeOffset());
    }

    [Fact]
    public void FromTimeSpan_Null_IsNull() => Assert.Null(ProtoTime.FromTimeSpan(null));

    [Fact]
    public void ToTimeSpan_Null_IsNull() => Assert.Null(ProtoTime.ToTimeSpan(null));

    [Fact]
    public void FromTimeSpan_Fraction_KeepsNanos()
    {
        var duration = ProtoTime.FromTimeSpan(TimeSpan.FromMilliseconds(900_500));

        Assert.Equal(new Duration { Seconds = 900, Nanos = 500_000_000 }, duration);
    }

    [Theory]
    [InlineData(600L, 0)]
    [InlineData(2_678_400L, 0)]
    [InlineData(3L, 250_000_000)]
    public void ToTimeSpan_FromTimeSpan_RoundTrips(long seconds, int nanos)
    {
        var duration = new Duration { Seconds = seconds, Nanos = nanos };

        Assert.Equal(duration, ProtoTime.FromTimeSpan(ProtoTime.ToTimeSpan(duration)));
    }
}
