namespace Tidings.PubSub.Tests.Support;

/// <summary>Polls a condition with a real-time deadline, for work that runs on its own task (push dispatchers).</summary>
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
            await Task.Delay(5);
        }
    }
}
