using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Tests.Schemas;
using Tidings.PubSub.Tests.Support;
using Tidings.PubSub.Topics;
using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Cells;

/// <summary>
/// Pub/Sub in two cells over one state store, each run by a process of its own (two nodes, each with its own copy of
/// the schemas): a schema changed through one node is seen by the other at once, which reads the stored schema again
/// when it misses it or when a message fails to validate; a deletion reaches the other node's topics by the
/// announcement (<see cref="SchemaChangeApplier"/>) or at its cell's recovery.
/// </summary>
public sealed class SchemasAcrossNodesTests : IDisposable
{
    private const string Schema = "projects/p/schemas/orders";
    private const string V1 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}""";
    private const string V2 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}]}""";
    private static readonly PubSubCellMap Map = new(2);

    private readonly CountingStateStore _state = new(new InMemoryStateStore());
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingNotifier _announced;
    private readonly PubSubCells _nodeA;
    private readonly PubSubCells _nodeB = new(Map);
    private readonly List<PubSubBroker> _engines = [];
    private readonly InMemoryMessageStore[] _logs = [new(), new()];
    private readonly PubSubBroker _a;
    private PubSubBroker _b;

    public SchemasAcrossNodesTests()
    {
        _announced = new RecordingNotifier(_state);
        _nodeA = new PubSubCells(Map) { SchemaChanges = _announced };
        _a = Open(_nodeA, 0);
        _b = Open(_nodeB, 1);
    }

    private static string TopicOnB { get; } = TopicIn(1);

    [Fact]
    public async Task CreateTopic_SchemaCreatedThroughOtherNode_BindsAndValidatesAtOnce()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);

        _b.CreateTopic(TopicOnB, Bound());

        Assert.Single(await PublishAsync(_b, """{"id": 1}"""));
        var refused = await Assert.ThrowsAsync<TidingsException>(() => PublishAsync(_b, """{"name": "x"}"""));
        Assert.Equal(ErrorCode.InvalidArgument, refused.Code);
    }

    [Fact]
    public async Task Publish_RevisionCommittedThroughOtherNode_AcceptsWhatOnlyItAccepts()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _b.CreateTopic(TopicOnB, Bound(SchemaEncoding.Binary));
        await PublishAsync(_b, Binary(note: null)); // node B now has the first revision, compiled
        var second = _a.CommitSchema(Schema, SchemaType.Avro, V2).Latest.Id;

        Assert.Single(await PublishAsync(_b, Binary(note: "hi")));

        Assert.Equal(second, _b.GetSchema(Schema).Revision.Id);
    }

    [Fact]
    public void CreateTopic_RevisionBoundCommittedThroughOtherNode_Accepted()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _b.GetSchema(Schema); // node B knows the first revision only
        var second = _a.CommitSchema(Schema, SchemaType.Avro, V2).Latest.Id;

        var topic = _b.CreateTopic(TopicOnB, Bound(first: second));

        Assert.Equal(second, topic.Settings.SchemaSettings!.FirstRevisionId);
    }

    [Fact]
    public void SchemaReads_SchemaCreatedThroughOtherNode_Found()
    {
        var created = _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);

        Assert.Equal(created.Latest.Id, _b.GetSchema($"{Schema}@{created.Latest.Id}").Revision.Id);
        _b.ValidateMessage("projects/p", Schema, null, Encoding.UTF8.GetBytes("""{"id": 1}"""), SchemaEncoding.Json);
        var invalid = Assert.Throws<TidingsException>(() =>
            _b.ValidateMessage("projects/p", Schema, null, Encoding.UTF8.GetBytes("""{"x": 1}"""), SchemaEncoding.Json));
        Assert.Equal(ErrorCode.InvalidArgument, invalid.Code);
        var missing = Assert.Throws<TidingsException>(() => _b.GetSchema("projects/p/schemas/never"));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
    }

    [Fact]
    public void ListSchemas_ReadsWhatIsStored_NotTheNodesCopy()
    {
        _b.ListSchemas("projects/p", 0, "");
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _a.CreateSchema("projects/p", "other", SchemaType.Avro, V1);
        _b.GetSchema("projects/p/schemas/other"); // node B's copy now has it

        Assert.Equal([Schema, "projects/p/schemas/other"], _b.ListSchemas("projects/p", 0, "").Items.Select(s => s.Name.FullName));
        _a.DeleteSchema("projects/p/schemas/other");
        Assert.Equal([Schema], _b.ListSchemas("projects/p", 0, "").Items.Select(s => s.Name.FullName));
    }

    [Fact]
    public async Task DeleteSchema_CellOnOtherNode_DeletesThenTheAnnouncementRebindsItsTopics()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        var topicOnA = TopicIn(0);
        _a.CreateTopic(topicOnA, Bound());
        _b.CreateTopic(TopicOnB, Bound());

        _a.DeleteSchema(Schema); // cell 1 runs on node B only: no longer UNAVAILABLE

        Assert.Equal(TopicSchemaSettings.DeletedSchema, _a.GetTopic(topicOnA).Settings.SchemaSettings!.Schema);
        Assert.NotNull(_nodeB.Schemas.Find(Schema)); // node B has not heard yet
        new SchemaChangeApplier(_nodeB, _state).Apply(Schema);
        Assert.Null(_nodeB.Schemas.Find(Schema));
        var refused = await Assert.ThrowsAsync<TidingsException>(() => PublishAsync(_b, """{"id": 1}"""));
        Assert.Equal("Schema associated with topic deleted.", refused.Message);
        Assert.Equal(TopicSchemaSettings.DeletedSchema, _b.GetTopic(TopicOnB).Settings.SchemaSettings!.Schema);
    }

    [Fact]
    public void GetTopic_CellOnOtherNode_ShowsADeletionAtOnce_BeforeTheAnnouncement()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _b.CreateTopic(TopicOnB, Bound());

        _a.DeleteSchema(Schema);

        Assert.Equal(TopicSchemaSettings.DeletedSchema, _b.GetTopic(TopicOnB).Settings.SchemaSettings!.Schema);
        Assert.Null(_nodeB.Schemas.Find(Schema));
    }

    [Fact]
    public void Recovery_TopicOfASchemaDeletedMeanwhile_RecoversRebound()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _b.CreateTopic(TopicOnB, Bound());
        _nodeB.Close(1);
        _b.Dispose();
        _engines.Remove(_b);
        _a.DeleteSchema(Schema);

        _b = Open(new PubSubCells(Map), 1); // a failover: another node recovers cell 1

        Assert.Equal(TopicSchemaSettings.DeletedSchema, _b.GetTopic(TopicOnB).Settings.SchemaSettings!.Schema);
        var stored = Assert.Single(_state.LoadAll(CellStateStore.Kind(PubSubDocuments.TopicKind, 1)));
        Assert.Equal(TopicSchemaSettings.DeletedSchema, PubSubDocuments.ReadTopic(stored).Settings.SchemaSettings!.Schema);
    }

    [Fact]
    public void ApplyAll_SchemaDeletedUnheard_DroppedAndTopicsRebound()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _b.CreateTopic(TopicOnB, Bound());
        _a.DeleteSchema(Schema);

        new SchemaChangeApplier(_nodeB, _state).ApplyAll();

        Assert.Null(_nodeB.Schemas.Find(Schema));
        Assert.Equal(TopicSchemaSettings.DeletedSchema, _b.GetTopic(TopicOnB).Settings.SchemaSettings!.Schema);
    }

    [Fact]
    public void SchemaChanges_AnnouncedOnceStored()
    {
        var created = _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        var second = _a.CommitSchema(Schema, SchemaType.Avro, V2).Latest.Id;
        _a.RollbackSchema(Schema, created.Latest.Id);
        _a.DeleteSchemaRevision($"{Schema}@{second}", "");
        _a.DeleteSchema(Schema);

        Assert.Equal([(Schema, 1), (Schema, 2), (Schema, 3), (Schema, 2), (Schema, 0)], _announced.Calls);
    }

    [Fact]
    public async Task Publish_ValidMessageAndTopicWithoutSchema_ReadNothingAgain()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _b.CreateTopic(TopicOnB, Bound());
        var plain = TopicIn(1, skip: 1);
        _b.CreateTopic(plain, new TopicSettings());
        var reads = _state.Reads;

        await PublishAsync(_b, """{"id": 1}""");
        await _b.PublishAsync(plain, [new PublishMessage(new byte[] { 1 }, [], "")], 0, CancellationToken.None);

        Assert.Equal(reads, _state.Reads);
    }

    [Fact]
    public async Task Publish_AFloodOfInvalidMessages_ReadsTheSchemaAgainOncePerWindow_AChangeStillShowsAtOnce()
    {
        _a.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _b.CreateTopic(TopicOnB, Bound(SchemaEncoding.Binary));
        await PublishAsync(_b, Binary(note: null));
        var reads = _state.Reads;

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<TidingsException>(() => PublishAsync(_b, [0xFF]));
        }
        Assert.Equal(reads + 1, _state.Reads);

        _time.Advance(PubSubBroker.RefusalRecheckWindow);
        await Assert.ThrowsAsync<TidingsException>(() => PublishAsync(_b, [0xFF]));
        Assert.Equal(reads + 2, _state.Reads);

        // Within the window, a revision committed on node A and announced replaces B's copy: read again at once.
        _a.CommitSchema(Schema, SchemaType.Avro, V2);
        _b.RefreshSchema(Schema); // what B's listener does on the announcement
        Assert.Single(await PublishAsync(_b, Binary(note: "hi")));
    }

    private PubSubBroker Open(PubSubCells node, int cell)
    {
        var engine = new PubSubBroker(_logs[cell], new CellStateStore(_state, cell), new FakeDeliverer(), _time, new PubSubOptions(),
            cellLinks: node.LinksFor(cell));
        node.Open(cell, engine);
        _engines.Add(engine);
        return engine;
    }

    private static TopicSettings Bound(SchemaEncoding encoding = SchemaEncoding.Json, string first = "") =>
        new() { SchemaSettings = new TopicSchemaSettings(Schema, encoding, first, "") };

    private async Task<string[]> PublishAsync(PubSubBroker engine, string json) =>
        await PublishAsync(engine, Encoding.UTF8.GetBytes(json));

    private static async Task<string[]> PublishAsync(PubSubBroker engine, byte[] data) =>
        await engine.PublishAsync(TopicOnB, [new PublishMessage(data, [], "")], 0, CancellationToken.None);

    /// <summary>An order in Avro's binary encoding: V1's when <paramref name="note"/> is null, else only V2's.</summary>
    private static byte[] Binary(string? note)
    {
        var bytes = new List<byte>();
        AvroSamples.Long(bytes, 5);
        if (note is not null)
        {
            AvroSamples.Str(bytes, note);
        }
        return [.. bytes];
    }

    private static string TopicIn(int cell, int skip = 0) =>
        Enumerable.Range(0, 1000).Select(i => $"projects/p/topics/topic-{i}").Where(name => Map.OfTopic(name) == cell).Skip(skip).First();

    public void Dispose()
    {
        foreach (var engine in _engines)
        {
            engine.Dispose();
        }
    }

    /// <summary>Counts the kinds read whole, to show what a publish reads.</summary>
    private sealed class CountingStateStore(IStateStore inner) : IStateStore
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public IReadOnlyList<StateDocument> LoadAll(string kind)
        {
            Interlocked.Increment(ref _reads);
            return inner.LoadAll(kind);
        }

        public void Apply(IReadOnlyList<StateChange> changes) => inner.Apply(changes);

        public void Dispose() => inner.Dispose();
    }

    /// <summary>Records each announcement with the number of live revisions stored at that moment (0: none).</summary>
    private sealed class RecordingNotifier(IStateStore state) : ISchemaChangeNotifier
    {
        public List<(string Schema, int StoredRevisions)> Calls { get; } = [];

        public void SchemaChanged(string schema) =>
            Calls.Add((schema, StoredSchemas.Load(state, schema)?.Revisions.Count ?? 0));
    }
}
