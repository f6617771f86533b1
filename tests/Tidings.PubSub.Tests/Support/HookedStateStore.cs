using Tidings.PubSub.Persistence;
using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Support;

/// <summary>
/// An in-memory state store that runs a test's action just before (or just after) it applies the next batch a
/// predicate picks, so a test can hold one writer inside its store write, or slip another call in, deterministically.
/// </summary>
internal sealed class HookedStateStore : IStateStore
{
    private readonly InMemoryStateStore _inner = new();
    private readonly Lock _lock = new();
    private (Func<IReadOnlyList<StateChange>, bool> Matches, Action Action, bool After)? _hook;

    /// <summary>A checkpoint's batch: it puts ack state.</summary>
    public static bool IsAckCheckpoint(IReadOnlyList<StateChange> batch) =>
        batch.Any(change => change.Kind == PubSubDocuments.AckKind && change.Value is not null);

    /// <summary>A batch that puts a document of <paramref name="kind"/>.</summary>
    public static Func<IReadOnlyList<StateChange>, bool> Puts(string kind) =>
        batch => batch.Any(change => change.Kind == kind && change.Value is not null);

    public void BeforeNextApply(Func<IReadOnlyList<StateChange>, bool> matches, Action action) => Set(matches, action, after: false);

    public void AfterNextApply(Func<IReadOnlyList<StateChange>, bool> matches, Action action) => Set(matches, action, after: true);

    public IReadOnlyList<StateDocument> LoadAll(string kind) => _inner.LoadAll(kind);

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        Action? before = null;
        Action? after = null;
        lock (_lock)
        {
            if (_hook is { } hook && hook.Matches(changes))
            {
                _hook = null;
                (hook.After ? ref after : ref before) = hook.Action;
            }
        }
        before?.Invoke();
        _inner.Apply(changes);
        after?.Invoke();
    }

    public void Dispose() => _inner.Dispose();

    private void Set(Func<IReadOnlyList<StateChange>, bool> matches, Action action, bool after)
    {
        lock (_lock)
        {
            _hook = (matches, action, after);
        }
    }
}
