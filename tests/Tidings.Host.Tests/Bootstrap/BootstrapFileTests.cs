using Tidings.Bootstrap;
using Tidings.Configuration;
using YamlDotNet.Core;

namespace Tidings.Host.Tests.Bootstrap;

/// <summary>Reading a bootstrap file: its shape, short names, order and scalar types; the resources themselves are the API's to check.</summary>
public sealed class BootstrapFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parse_ShortNames_AreCompletedWithTheFilesProjectAndLocation()
    {
        var file = Parse("""
            project: demo
            location: us-central1
            topics:
              - name: orders
            subscriptions:
              - name: billing
                topic: orders
                deadLetterPolicy: {deadLetterTopic: orders-dead, maxDeliveryAttempts: 5}
            queues:
              - name: work
            jobs:
              - name: ping
                schedule: "*/5 * * * *"
                pubsubTarget: {topicName: pings}
            """);

        var names = file.Declarations.Select(d => d.Name).ToArray();
        Assert.Equal(
            ["projects/demo/topics/orders", "projects/demo/subscriptions/billing",
             "projects/demo/locations/us-central1/queues/work", "projects/demo/locations/us-central1/jobs/ping"],
            names);
        var subscription = file.Declarations[1].Body;
        Assert.Equal("projects/demo/topics/orders", (string?)subscription["topic"]);
        Assert.Equal("projects/demo/topics/orders-dead", (string?)subscription["deadLetterPolicy"]!["deadLetterTopic"]);
        Assert.Equal("projects/demo/topics/pings", (string?)file.Declarations[3].Body["pubsubTarget"]!["topicName"]);
    }

    [Fact]
    public void Parse_Schemas_ShortNamesCompletedAlsoInATopicsSchemaSettings_AppliedBeforeTopics()
    {
        var file = Parse("""
            project: demo
            topics:
              - name: orders
                schemaSettings: {schema: order, encoding: JSON}
            schemas:
              - name: order
                type: AVRO
                definition: '{"type": "record", "name": "Order", "fields": []}'
            """);

        Assert.Equal([BootstrapKind.Schema, BootstrapKind.Topic], file.Declarations.Select(d => d.Kind));
        Assert.Equal("projects/demo/schemas/order", file.Declarations[0].Name);
        Assert.Equal("projects/demo/schemas/order", (string?)file.Declarations[1].Body["schemaSettings"]!["schema"]);
    }

    [Fact]
    public void Parse_FullNames_AreKeptAsWritten()
    {
        var file = Parse("""
            subscriptions:
              - name: projects/other/subscriptions/s
                topic: projects/third/topics/t
            """);

        var declaration = Assert.Single(file.Declarations);
        Assert.Equal("projects/other/subscriptions/s", declaration.Name);
        Assert.Equal("projects/third/topics/t", (string?)declaration.Body["topic"]);
    }

    [Fact]
    public void Parse_ListsInAnyOrder_AppliedTopicsFirstThenSubscriptionsQueuesJobs()
    {
        var file = Parse("""
            project: p
            location: l
            jobs: [{name: j}]
            subscriptions: [{name: s, topic: t}]
            queues: [{name: q}]
            topics: [{name: t}, {name: u}]
            """);

        Assert.Equal(
            [BootstrapKind.Topic, BootstrapKind.Topic, BootstrapKind.Subscription, BootstrapKind.Queue, BootstrapKind.Job],
            file.Declarations.Select(d => d.Kind));
        Assert.Equal(["projects/p/topics/t", "projects/p/topics/u"], file.Declarations.Take(2).Select(d => d.Name));
    }

    [Fact]
    public void Parse_Lines_AreWhereEachEntryStarts()
    {
        var file = Parse("""
            project: p
            topics:
              - name: a

              - name: b
                labels: {team: x}
            """);

        Assert.Equal([3, 5], file.Declarations.Select(d => d.Line));
    }

    [Fact]
    public void Parse_PlainScalars_FollowYamlsCoreSchema_QuotedOnesStayStrings()
    {
        var body = Assert.Single(Parse("""
            project: p
            subscriptions:
              - name: s
                topic: t
                ackDeadlineSeconds: 30
                retainAckedMessages: true
                filter: 'attributes.n = "1"'
                labels: {version: "2"}
                messageRetentionDuration: 600s
            """).Declarations).Body;

        Assert.Equal(30, body["ackDeadlineSeconds"]!.GetValue<int>());
        Assert.True(body["retainAckedMessages"]!.GetValue<bool>());
        Assert.Equal("attributes.n = \"1\"", body["filter"]!.GetValue<string>());
        Assert.Equal("2", body["labels"]!["version"]!.GetValue<string>());
        Assert.Equal("600s", body["messageRetentionDuration"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_EmptyFileOrEmptyList_DeclaresNothing()
    {
        Assert.Empty(Parse("").Declarations);
        Assert.Empty(Parse("topics:\n").Declarations);
    }

    [Theory]
    [InlineData("project: p\nqueue:\n  - name: q\n", 2, "Unknown key 'queue'")]
    [InlineData("topics:\n  - name: orders\n", 2, "'orders' is a short name")]
    [InlineData("project: p\nqueues:\n  - name: q\n", 3, "top-level 'location'")]
    [InlineData("project: p\ntopics:\n  - labels: {a: b}\n", 3, "no 'name'")]
    [InlineData("project: p\ntopics: orders\n", 2, "must be a list")]
    [InlineData("project: p\ntopics:\n  - orders\n", 3, "mapping of its fields")]
    [InlineData("- just\n- a list\n", 1, "is a mapping of project")]
    [InlineData("project: p\ntopics:\n  - name: a\n    name: b\n", 4, "Duplicate key name")]
    public void Parse_WrongShape_ErrorNamesTheLine(string yaml, int line, string expected)
    {
        var error = Assert.Throws<YamlException>(() => Parse(yaml));

        Assert.Equal(line, error.Start.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotYaml_ConfigurationErrorNamingFileAndLine()
    {
        var path = _dir.Write("bootstrap.yaml", "project: p\ntopics:\n  - name: [unclosed\n");

        var error = Assert.Throws<TidingsConfigurationException>(() => BootstrapFile.Load(path));

        Assert.StartsWith($"Bootstrap file '{path}' line ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongShape_ConfigurationErrorNamingFileAndLine()
    {
        var path = _dir.Write("bootstrap.yaml", "project: p\ntopic:\n  - name: a\n");

        var error = Assert.Throws<TidingsConfigurationException>(() => BootstrapFile.Load(path));

        Assert.Equal($"Bootstrap file '{path}' line 2: Unknown key 'topic': expected project, location, schemas, topics, subscriptions, queues or jobs.", error.Message);
    }

    private static BootstrapFile Parse(string yaml) => BootstrapFile.Parse("/test/bootstrap.yaml", yaml);

}
