using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Support;

/// <summary>
/// An in-memory state store that can hold one matching write at its start until the test opens the gate, so a test
/// can park a caller inside the engine (holding whatever locks it holds) and race another call against it.
/// </summary>
internal sealed class GatedStateStore : IStateStore
{
    private readonly InMemoryStateStore _inner = new();
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _gate = new(initialState: true);
    private Func<IReadOnlyList<StateChange>, bool>? _match;

    /// <summary>Holds the next write that <paramref name="match"/> accepts until <see cref="Open"/>.</summary>
    public void HoldNext(Func<IReadOnlyList<StateChange>, bool> match)
    {
        _gate.Reset();
        _entered.Reset();
        Volatile.Write(ref _match, match);
    }

    /// <summary>Waits until the held write has arrived.</summary>
    public bool WaitUntilHeld(TimeSpan timeout) => _entered.Wait(timeout);

    public void Open() => _gate.Set();

    public IReadOnlyList<StateDocument> LoadAll(string kind) => _inner.LoadAll(kind);

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        if (Volatile.Read(ref _match) is { } match && match(changes))
        {
            Volatile.Write(ref _match, null);
            _entered.Set();
            _gate.Wait();
        }
        _inner.Apply(changes);
    }

    public void Dispose()
    {
        _inner.Dispose();
        _entered.Dispose();
        _gate.Dispose();
    }
}
