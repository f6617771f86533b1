using Tidings.Kernel.Errors;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>A schema's revisions through create, commit, rollback, delete revision and the listings.</summary>
public sealed class SchemaRevisionsTests : IDisposable
{
    private const string Name = "projects/p/schemas/orders";
    private const string V1 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}""";
    private const string V2 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}]}""";

    private readonly BrokerHarness _harness = new();

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public void CreateSchema_FirstRevision_EightHexIdAndCreateTime()
    {
        var schema = Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);

        Assert.Matches("^[0-9a-f]{8}$", schema.Latest.Id);
        Assert.Equal(_harness.Time.GetUtcNow(), schema.Latest.CreateTime);
        Assert.Equal(Name, schema.Name.FullName);
    }

    [Fact]
    public void CreateSchema_Twice_AlreadyExists()
    {
        Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);

        var error = Assert.Throws<TidingsException>(() => Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1));
        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("googschema")]
    [InlineData("ab")]
    public void CreateSchema_InvalidId_InvalidName(string id)
    {
        var error = Assert.Throws<TidingsException>(() => Broker.CreateSchema("projects/p", id, SchemaType.Avro, V1));

        Assert.Equal($"Invalid [schemas] name: (name=projects/p/schemas/{id})", error.Message);
    }

    [Fact]
    public void CommitAndRollback_NewRevisionsNewestFirst_GetByRevision()
    {
        var first = Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1).Latest;
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        var second = Broker.CommitSchema(Name, SchemaType.Avro, V2).Latest;
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        var third = Broker.RollbackSchema(Name, first.Id).Latest;

        Assert.Equal(V1, third.Definition);
        Assert.NotEqual(first.Id, third.Id);
        Assert.Equal([third.Id, second.Id, first.Id], Broker.ListSchemaRevisions(Name, 0, "").Items.Select(revision => revision.Id));
        Assert.Equal(V2, Broker.GetSchema($"{Name}@{second.Id}").Revision.Definition);
        Assert.Equal(third.Id, Broker.GetSchema(Name).Revision.Id);
    }

    [Fact]
    public void ListSchemaRevisions_PageSizeOne_PagesThroughAll()
    {
        Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        Broker.CommitSchema(Name, SchemaType.Avro, V2);
        Broker.CommitSchema(Name, SchemaType.Avro, V1);

        var first = Broker.ListSchemaRevisions(Name, 1, "");
        var second = Broker.ListSchemaRevisions(Name, 1, first.NextPageToken);
        var third = Broker.ListSchemaRevisions(Name, 1, second.NextPageToken);

        Assert.Equal(3, new[] { first, second, third }.SelectMany(page => page.Items).Select(revision => revision.Id).Distinct().Count());
        Assert.Equal("", third.NextPageToken);
    }

    [Fact]
    public void DeleteSchemaRevision_NamedRevision_GoneAndOthersStay()
    {
        var first = Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1).Latest;
        var second = Broker.CommitSchema(Name, SchemaType.Avro, V2).Latest;

        var remaining = Broker.DeleteSchemaRevision($"{Name}@{first.Id}", "");

        Assert.Equal([second.Id], remaining.Revisions.Select(revision => revision.Id));
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<TidingsException>(() => Broker.GetSchema($"{Name}@{first.Id}")).Code);
    }

    [Fact]
    public void DeleteSchemaRevision_OnlyRevision_FailedPrecondition()
    {
        var only = Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1).Latest;

        var error = Assert.Throws<TidingsException>(() => Broker.DeleteSchemaRevision($"{Name}@{only.Id}", ""));
        Assert.Equal(ErrorCode.FailedPrecondition, error.Code);
    }

    [Fact]
    public void DeleteSchemaRevision_NoRevisionNamed_InvalidArgument()
    {
        Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);

        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<TidingsException>(() => Broker.DeleteSchemaRevision(Name, "")).Code);
    }

    [Fact]
    public void DeleteSchemaRevision_DeprecatedRevisionIdField_Deletes()
    {
        var first = Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1).Latest;
        Broker.CommitSchema(Name, SchemaType.Avro, V2);

        Assert.DoesNotContain(Broker.DeleteSchemaRevision(Name, first.Id).Revisions, revision => revision.Id == first.Id);
    }

    [Fact]
    public void RollbackSchema_UnknownRevision_NotFound()
    {
        Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);

        var error = Assert.Throws<TidingsException>(() => Broker.RollbackSchema(Name, "deadbeef"));
        Assert.Equal("Resource not found (resource=orders@deadbeef).", error.Message);
    }

    [Fact]
    public void CommitSchema_OtherType_InvalidArgument()
    {
        Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);

        var error = Assert.Throws<TidingsException>(() => Broker.CommitSchema(Name, SchemaType.ProtocolBuffer, "syntax = \"proto3\"; message A {}"));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void CommitSchema_Past20Revisions_ResourceExhausted()
    {
        Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        for (var i = 1; i < RegisteredSchema.MaxRevisions; i++)
        {
            Broker.CommitSchema(Name, SchemaType.Avro, V1);
        }

        Assert.Equal(ErrorCode.ResourceExhausted, Assert.Throws<TidingsException>(() => Broker.CommitSchema(Name, SchemaType.Avro, V1)).Code);
    }

    [Fact]
    public void ListSchemas_TwoProjects_OnlyTheProjectsInNameOrder()
    {
        Broker.CreateSchema("projects/p", "zeta", SchemaType.Avro, V1);
        Broker.CreateSchema("projects/p", "alpha", SchemaType.Avro, V1);
        Broker.CreateSchema("projects/other", "beta", SchemaType.Avro, V1);

        Assert.Equal(["projects/p/schemas/alpha", "projects/p/schemas/zeta"], Broker.ListSchemas("projects/p", 0, "").Items.Select(schema => schema.Name.FullName));
    }

    [Fact]
    public void DeleteSchema_Deleted_NotFoundAfterwards()
    {
        Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);

        Broker.DeleteSchema(Name);

        Assert.Equal(ErrorCode.NotFound, Assert.Throws<TidingsException>(() => Broker.GetSchema(Name)).Code);
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<TidingsException>(() => Broker.DeleteSchema(Name)).Code);
    }

    public void Dispose() => _harness.Dispose();
}
