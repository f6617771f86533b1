using Tidings.PubSub.Cells;
using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Cells;

public sealed class CellStateStoreTests
{
    [Fact]
    public void EachCell_SeesOnlyItsOwnPubSubDocuments_UnderItsKinds()
    {
        using var shared = new InMemoryStateStore();
        var cell1 = new CellStateStore(shared, 1);
        var cell2 = new CellStateStore(shared, 2);

        cell1.Apply([StateChange.Put("pubsub.topic", "projects/p/topics/a", new byte[] { 1 })]);
        cell2.Apply([StateChange.Put("pubsub.topic", "projects/p/topics/b", new byte[] { 2 })]);

        var seen = Assert.Single(cell1.LoadAll("pubsub.topic"));
        Assert.Equal(("pubsub.topic", "projects/p/topics/a"), (seen.Kind, seen.Key));
        Assert.Equal("projects/p/topics/b", Assert.Single(cell2.LoadAll("pubsub.topic")).Key);
        Assert.Equal("projects/p/topics/a", Assert.Single(shared.LoadAll("pubsub.topic@1")).Key);
        Assert.Empty(shared.LoadAll("pubsub.topic"));

        cell1.Apply([StateChange.Delete("pubsub.topic", "projects/p/topics/a")]);
        Assert.Empty(cell1.LoadAll("pubsub.topic"));
        Assert.Single(cell2.LoadAll("pubsub.topic"));
    }

    [Fact]
    public void Schemas_AndOtherServicesKinds_AreShared()
    {
        using var shared = new InMemoryStateStore();
        var cell1 = new CellStateStore(shared, 1);
        var cell3 = new CellStateStore(shared, 3);

        cell1.Apply([StateChange.Put("pubsub.schema", "projects/p/schemas/s", new byte[] { 1 }), StateChange.Put("tasks.queue", "q", new byte[] { 2 })]);

        Assert.Single(cell3.LoadAll("pubsub.schema"));
        Assert.Single(cell3.LoadAll("tasks.queue"));
        Assert.Equal("pubsub.subscription@7", CellStateStore.Kind("pubsub.subscription", 7));
        Assert.Equal("pubsub.schema", CellStateStore.Kind("pubsub.schema", 7));
    }
}
