using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>The in-process server with every log entry recorded, Debug included.</summary>
public sealed class LogRecordingServerFixture : TidingsServerFixture
{
    public RecordingLoggerProvider Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(Logs);
        services.Configure<LoggerFilterOptions>(filters => filters.MinLevel = LogLevel.Debug);
    }
}
