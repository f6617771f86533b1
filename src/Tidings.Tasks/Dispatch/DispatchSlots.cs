namespace Tidings.Tasks.Dispatch;

/// <summary>
/// The server-wide cap on attempts in flight (<see cref="TasksOptions.MaxConcurrentDispatches"/>), shared by every
/// queue's dispatcher on top of its own max_concurrent_dispatches. Without it, many queues at Google's default of
/// 1,000 each could open tens of thousands of connections at once against a slow target and exhaust the process.
/// A dispatcher that finds no slot enlists and is woken when one frees, in the order they enlisted. RunTask's
/// attempts take no slot. Thread-safe.
/// </summary>
internal sealed class DispatchSlots(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<Action> _waiting = new();
    private int _free = capacity;

    public int Capacity { get; } = capacity;

    /// <summary>Takes up to <paramref name="wanted"/> slots; with none free, enlists <paramref name="wake"/> and takes 0.</summary>
    public int TakeOrEnlist(int wanted, Action wake)
    {
        lock (_lock)
        {
            if (_free == 0)
            {
                _waiting.Enqueue(wake);
                return 0;
            }
            var taken = Math.Min(wanted, _free);
            _free -= taken;
            return taken;
        }
    }

    /// <summary>Gives slots back and wakes as many enlisted dispatchers.</summary>
    public void Release(int count)
    {
        if (count <= 0)
        {
            return;
        }
        List<Action>? woken = null;
        lock (_lock)
        {
            _free += count;
            for (var i = 0; i < count && _waiting.TryDequeue(out var wake); i++)
            {
                (woken ??= []).Add(wake);
            }
        }
        woken?.ForEach(wake => wake());
    }
}
