using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;
using Tidings.Storage.State;

namespace Tidings.Scheduler.Tests.Support;

/// <summary>A state store (in memory unless given one) that counts writes and can be told to fail them, as a failing disk would.</summary>
internal sealed class ScriptedStateStore(IStateStore? inner = null) : IStateStore
{
    private readonly IStateStore _inner = inner ?? new InMemoryStateStore();
    private int _applies;
    private int _failed;

    /// <summary>While true, every write fails with <see cref="StorageFailedException"/> and stores nothing.</summary>
    public volatile bool Failing;

    public int Applies => Volatile.Read(ref _applies);

    public int FailedApplies => Volatile.Read(ref _failed);

    public IReadOnlyList<StateDocument> LoadAll(string kind) => _inner.LoadAll(kind);

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        if (Failing)
        {
            Interlocked.Increment(ref _failed);
            throw new StorageFailedException("The disk is failing (scripted).", new IOException("scripted"));
        }
        Interlocked.Increment(ref _applies);
        _inner.Apply(changes);
    }

    public void Dispose() => _inner.Dispose();
}
