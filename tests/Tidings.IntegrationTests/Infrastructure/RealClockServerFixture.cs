using Microsoft.Extensions.DependencyInjection;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// The in-process server on the system clock instead of the fake one, for tests that measure real time (push
/// backoff gaps, outages). <see cref="TidingsServerFixture.Time"/> is not the server's clock here: don't advance it.
/// </summary>
public sealed class RealClockServerFixture : TidingsServerFixture
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(TimeProvider.System);
}
