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
    /// <summary>
    /// The entry's <c>logName</c> (<c>projects/P/logs/</c> and the log id, its slash escaped as Cloud Logging writes
    /// it) and its monitored <c>resource</c> with the resource's labels.
    /// </summary>
    public static void WriteLogAndResource(Utf8JsonWriter json, string projectId, string logId, string resourceType, params (string Name, string Value)[] labels)
    {
        json.WriteString("logName", $"projects/{projectId}/logs/{logId.Replace("/", "%2F", StringComparison.Ordinal)}");
        json.WriteStartObject("resource");
        json.WriteString("type", resourceType);
        json.WriteStartObject("labels");
        json.WriteString("project_id", projectId);
        foreach (var (name, value) in labels)
        {
            json.WriteString(name, value);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

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
