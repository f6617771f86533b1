using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Tidings.Logging;

/// <summary>The pieces every JSON log line shares: Cloud Logging's severity names and its timestamp format.</summary>
internal static class LogJson
{
    /// <summary>Cloud Logging's <c>LogSeverity</c> name of a .NET log level.</summary>
    public static string Severity(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => "DEFAULT",
    };

    /// <summary>RFC 3339 in UTC with microseconds, as Cloud Logging writes timestamps.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A protobuf JSON duration: seconds with up to nine decimals and an <c>s</c>.</summary>
    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";

    /// <summary>Writes <c>severity</c> and <c>timestamp</c>, the first two fields of every line.</summary>
    public static void WriteEnvelope(Utf8JsonWriter json, LogLevel level, DateTimeOffset time)
    {
        json.WriteString("severity", Severity(level));
        json.WriteString("timestamp", Timestamp(time));
    }

    /// <summary>A complete line built by <paramref name="write"/> inside one JSON object.</summary>
    public static string Line(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
