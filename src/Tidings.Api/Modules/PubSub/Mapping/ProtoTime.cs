using Google.Protobuf.WellKnownTypes;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Conversions between protobuf time types and the domain's.</summary>
internal static class ProtoTime
{
    private const long MicrosPerSecond = 1_000_000;

    /// <summary>A timestamp; before 1970 too, where nanos still count forwards from a whole second.</summary>
    public static Timestamp FromUnixMicros(long micros)
    {
        var seconds = Math.DivRem(micros, MicrosPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += MicrosPerSecond;
        }
        return new Timestamp { Seconds = seconds, Nanos = (int)rest * 1000 };
    }

    public static TimeSpan? ToTimeSpan(Duration? duration) => duration?.ToTimeSpan();

    public static Duration? FromTimeSpan(TimeSpan? span) => span is { } value ? Duration.FromTimeSpan(value) : null;
}
