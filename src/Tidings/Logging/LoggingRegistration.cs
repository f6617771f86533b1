using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Tidings.Configuration;

namespace Tidings.Logging;

/// <summary>Sets up the console log for <see cref="TidingsOptions.LogFormat"/>; plain text needs nothing.</summary>
internal static class LoggingRegistration
{
    public static void AddTidingsLogFormat(this ILoggingBuilder logging, IServiceCollection services, TidingsOptions options)
    {
        if (options.LogFormat != LogFormat.Json)
        {
            return;
        }
        logging.AddConsole(console => console.FormatterName = JsonLineFormatter.FormatterName);
        logging.AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>();
        services.AddHostedService<ExecutionLogWriter>();
    }
}
