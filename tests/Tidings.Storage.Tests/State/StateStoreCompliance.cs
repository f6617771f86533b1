using System.Text;
using Tidings.Storage.State;

namespace Tidings.Storage.Tests.State;

/// <summary>What every <see cref="IStateStore"/> must do, run against each implementation by a subclass.</summary>
public abstract class StateStoreCompliance : IDisposable
{
    private IStateStore? _store;

    protected IStateStore Store => _store ??= CreateStore();

    protected abstract IStateStore CreateStore();

    public virtual void Dispose()
    {
        _store?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void LoadAll_Empty_ReturnsNothing()
    {
        Assert.Empty(Store.LoadAll("topic"));
    }

    [Fact]
    public void Apply_Puts_AreLoadedByKindInKeyOrder()
    {
        Store.Apply([
            StateChange.Put("topic", "b", Bytes("2")),
            StateChange.Put("topic", "a", Bytes("1")),
            StateChange.Put("subscription", "a", Bytes("s")),
        ]);

        var topics = Store.LoadAll("topic");
        Assert.Equal(["a", "b"], topics.Select(d => d.Key));
        Assert.Equal("1", Encoding.UTF8.GetString(topics[0].Value));
        Assert.All(topics, d => Assert.Equal("topic", d.Kind));
        Assert.Equal("s", Encoding.UTF8.GetString(Assert.Single(Store.LoadAll("subscription")).Value));
    }

    [Fact]
    public void Apply_PutSameKey_ReplacesValue()
    {
        Store.Apply([StateChange.Put("topic", "a", Bytes("old"))]);
        Store.Apply([StateChange.Put("topic", "a", Bytes("new"))]);

        Assert.Equal("new", Encoding.UTF8.GetString(Assert.Single(Store.LoadAll("topic")).Value));
    }

    [Fact]
    public void Apply_Delete_RemovesOnlyThatDocument()
    {
        Store.Apply([StateChange.Put("topic", "a", Bytes("1")), StateChange.Put("topic", "b", Bytes("2"))]);
        Store.Apply([StateChange.Delete("topic", "a"), StateChange.Delete("topic", "missing")]);

        Assert.Equal("b", Assert.Single(Store.LoadAll("topic")).Key);
    }

    [Fact]
    public void Apply_PutThenDeleteInOneBatch_AppliesInOrder()
    {
        Store.Apply([StateChange.Put("topic", "a", Bytes("1")), StateChange.Delete("topic", "a"), StateChange.Put("topic", "c", Bytes("3"))]);

        Assert.Equal("c", Assert.Single(Store.LoadAll("topic")).Key);
    }

    [Fact]
    public void Apply_EmptyBatch_ChangesNothing()
    {
        Store.Apply([StateChange.Put("topic", "a", Bytes("1"))]);
        Store.Apply([]);

        Assert.Single(Store.LoadAll("topic"));
    }

    [Fact]
    public void Apply_BinaryAndEmptyValues_RoundTrip()
    {
        byte[] binary = [0, 255, 1, 254, 0];
        Store.Apply([StateChange.Put("ack", "1", binary), StateChange.Put("ack", "2", Array.Empty<byte>())]);

        var documents = Store.LoadAll("ack");
        Assert.Equal(binary, documents[0].Value);
        Assert.Empty(documents[1].Value);
    }

    [Fact]
    public async Task Apply_Concurrent_AllChangesKept()
    {
        // Opened before the writers start: the lazy Store property is not itself thread-safe.
        var store = Store;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                store.Apply([StateChange.Put("job", $"{writer:D2}-{i:D3}", Bytes("x"))]);
            }
        })));

        Assert.Equal(400, Store.LoadAll("job").Count);
    }
}
