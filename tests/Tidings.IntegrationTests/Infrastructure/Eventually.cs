namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>Polls a condition with a deadline instead of sleeping a fixed time (NATS' checkFor).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }
            await Task.Delay(10);
        }
    }

    /// <summary>The same for a condition that has to make calls (a pull, say).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }
            await Task.Delay(10);
        }
    }
}
