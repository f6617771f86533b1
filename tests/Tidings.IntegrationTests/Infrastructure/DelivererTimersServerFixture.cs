using Microsoft.Extensions.DependencyInjection;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// The in-process server on the fake clock, seen through a <see cref="TimerRecordingClock"/> that records the
/// timers of the push deliverer (<c>HttpDeliverer</c>): each attempt's timeout.
/// </summary>
public sealed class DelivererTimersServerFixture : TidingsServerFixture
{
    public DelivererTimersServerFixture() => Clock = new TimerRecordingClock(Time, "HttpDeliverer");

    public TimerRecordingClock Clock { get; }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
