using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Tidings.Logging;

/// <summary>
/// The console format of <c>--log-format json</c>: one JSON object a line, with Cloud Logging's <c>severity</c> and
/// <c>timestamp</c> first, so log shippers (Fluent Bit, Vector, the Ops Agent) take lines as they are. Execution
/// lines (<see cref="ExecutionLogEntry"/>) are written as built; every other event gets <c>logger</c>,
/// <c>eventId</c>, <c>message</c> and, if any, <c>exception</c>.
/// </summary>
internal sealed class JsonLineFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "tidings-json";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        textWriter.WriteLine(Format(logEntry.State, logEntry.LogLevel, logEntry.Category, logEntry.EventId, logEntry.Exception,
            logEntry.Formatter(logEntry.State, logEntry.Exception)));
    }

    /// <summary>The line for one event; for tests, which check lines without a console.</summary>
    public string Format<TState>(TState state, LogLevel level, string category, EventId eventId, Exception? exception, string message)
    {
        if (state is ExecutionLogEntry execution)
        {
            return execution.Json;
        }
        return LogJson.Line(json =>
        {
            LogJson.WriteEnvelope(json, level, time.GetUtcNow());
            json.WriteString("logger", category);
            if (eventId.Id != 0)
            {
                json.WriteNumber("eventId", eventId.Id);
            }
            json.WriteString("message", message);
            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }
        });
    }
}
