using Microsoft.Extensions.Logging;

namespace Tidings.Logging;

/// <summary>
/// One execution log line, already in Cloud Logging's <c>LogEntry</c> JSON shape (<c>severity</c>, <c>timestamp</c>,
/// <c>logName</c>, <c>resource</c>, <c>jsonPayload</c>). Logged as the state of a log event, so
/// <see cref="JsonLineFormatter"/> writes it as it is and any other logger sees the same JSON as the message.
/// </summary>
internal sealed class ExecutionLogEntry(LogLevel level, string json)
{
    /// <summary>The logger category execution lines are written under.</summary>
    public const string Category = "Tidings.Execution";

    public LogLevel Level { get; } = level;

    public string Json { get; } = json;

    public override string ToString() => Json;
}
