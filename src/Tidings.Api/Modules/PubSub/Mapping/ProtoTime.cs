using Google.Protobuf.WellKnownTypes;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Conversions between protobuf time types and the domain's.</summary>
internal static class ProtoTime
{
    public static Timestamp FromUnixMicros(long micros) =>
        new() { Seconds = Math.DivRem(micros, 1_000_000, out var rest), Nanos = (int)rest * 1000 };

    public static TimeSpan? ToTimeSpan(Duration? duration) => duration?.ToTimeSpan();

    public static Duration? FromTimeSpan(TimeSpan? span) => span is { } value ? Duration.FromTimeSpan(value) : null;
}
