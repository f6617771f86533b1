using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tidings.Monitoring;

namespace Tidings.IntegrationTests.Monitoring;

/// <summary>
/// <c>/readyz</c> answers 503 until the marker that starts after every engine's start-up (storage open, recovery
/// done) has run, 200 then, and 503 again once a stop begins.
/// </summary>
public sealed class ReadinessTests
{
    private static async Task<(int Status, string Body)> ReadyzAsync(Readiness readiness)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        await HealthEndpoints.Ready(readiness).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task BeforeRecovery_503_AfterStart_200_OnceStopping_503()
    {
        var readiness = new Readiness();
        using var lifetime = new StoppableLifetime();
        var marker = new ReadinessMarker(readiness, lifetime, new ServiceCollection().BuildServiceProvider());

        var opening = await ReadyzAsync(readiness);
        await marker.StartAsync(CancellationToken.None);
        var started = await ReadyzAsync(readiness);
        lifetime.StopApplication();
        var stopping = await ReadyzAsync(readiness);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, opening.Status);
        Assert.StartsWith("not ready", opening.Body, StringComparison.Ordinal);
        Assert.Equal((StatusCodes.Status200OK, "ready"), started);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, stopping.Status);
    }

    /// <summary>The lifetime a host gives its services, with a stop that can be set off.</summary>
    private sealed class StoppableLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
