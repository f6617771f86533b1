using Tidings.Configuration;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Monitoring;

/// <summary>The in-process server started with <c>--log-format json</c>, every log entry recorded.</summary>
public sealed class JsonLogServerFixture : TidingsServerFixture
{
    public RecordingLoggerProvider Logs { get; } = new();

    private protected override void ConfigureOptions(TidingsOptions options) => options.LogFormat = LogFormat.Json;

    protected override void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(services, Logs);
}
