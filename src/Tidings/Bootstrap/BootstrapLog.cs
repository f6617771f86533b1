using Microsoft.Extensions.Logging;

namespace Tidings.Bootstrap;

/// <summary>Log events of the bootstrap file, ids 100-109 of the executable's range (docs/architecture.md).</summary>
internal static partial class BootstrapLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Bootstrap {Kind} {Name} (line {Line}): {Outcome}")]
    public static partial void Applied(ILogger logger, BootstrapKind kind, string name, BootstrapOutcome outcome, int line);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "Bootstrap file {Path} applied: {Created} created, {Updated} updated, {Unchanged} unchanged ({Part})")]
    public static partial void Done(ILogger logger, string path, int created, int updated, int unchanged, string part);
}
