namespace Tidings.Testing;

/// <summary>
/// Polls a condition with a real-time deadline instead of sleeping a fixed time (NATS' checkFor), for work that runs
/// on its own task (push dispatchers, checkpoints, servers).
/// </summary>
public static class Eventually
{
    private const int PollIntervalMs = 5;

    public static Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 15_000) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeoutMs);

    /// <summary>The same for a condition that has to make calls (a pull, say).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition().ConfigureAwait(false))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }
            await Task.Delay(PollIntervalMs).ConfigureAwait(false);
        }
    }
}
