using Google.Cloud.Iam.V1;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Npgsql;
using Tidings.Cluster;
using Tidings.PubSub.Cells;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Pub/Sub split into four cells on one node: each topic lives in its cell with its subscriptions and snapshots, in
/// that cell's documents and logs, and the API behaves as one engine's: listings merge the cells, names stay unique
/// across them, dead letters and schemas cross them, and a restart recovers every cell.
/// </summary>
public sealed class ClusterPubSubCellsTests
{
    private const int Cells = CellsCluster.Cells;

    /// <summary>The first topic names of project p that land in each cell, in cell order.</summary>
    private static readonly string[] TopicInCell = [.. Enumerable.Range(0, Cells).Select(cell => CellsCluster.TopicIn(cell))];

    [Fact]
    public async Task LoneNode_RunsEveryCell_EachTopicWithItsSubscriptionsInItsCell_AndARestartRecoversThem()
    {
        using var database = new TestPostgres();
        await using (var node = await StartAsync(database))
        {
            Assert.Equal(Cells + 2, node.State.Units.All.Count);
            foreach (var (topic, cell) in TopicInCell.Select((t, c) => (t, c)))
            {
                await node.Publisher.CreateTopicAsync(new Topic { Name = topic });
                await node.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/p/subscriptions/sub{cell}", Topic = topic, AckDeadlineSeconds = 10 });
                await PublishAsync(node, topic, $"msg{cell}");
            }

            // Acked in cells 0 and 1 only: the others' messages must come back after the restart.
            foreach (var cell in new[] { 0, 1 })
            {
                var pulled = await PullOneAsync(node, $"projects/p/subscriptions/sub{cell}");
                Assert.Equal($"msg{cell}", pulled.Message.Data.ToStringUtf8());
                await node.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = $"projects/p/subscriptions/sub{cell}", AckIds = { pulled.AckId } });
            }

            // Each resource's documents are its cell's, and so is each topic's log.
            var kinds = await QueryAsync(database, "SELECT kind || ' ' || key FROM tidings_state WHERE kind LIKE 'pubsub.topic@%' OR kind LIKE 'pubsub.subscription@%'");
            foreach (var (topic, cell) in TopicInCell.Select((t, c) => (t, c)))
            {
                Assert.Contains($"pubsub.topic@{cell} {topic}", kinds);
                Assert.Contains($"pubsub.subscription@{cell} projects/p/subscriptions/sub{cell}", kinds);
            }
            Assert.Equal(["0", "1", "2", "3"], (await QueryAsync(database, "SELECT cell::text FROM tidings_message_logs")).Order());
            CheckpointAll(node);
        }

        await using var restarted = await StartAsync(database, "node-b");
        var topics = await restarted.Publisher.ListTopicsAsync(new ListTopicsRequest { Project = "projects/p" });
        Assert.Equal(TopicInCell.Order(StringComparer.Ordinal), topics.Topics.Select(t => t.Name));
        foreach (var cell in new[] { 2, 3 })
        {
            Assert.Equal($"msg{cell}", (await PullOneAsync(restarted, $"projects/p/subscriptions/sub{cell}")).Message.Data.ToStringUtf8());
        }
        var afterAck = await restarted.Subscriber.PullAsync(new PullRequest { Subscription = "projects/p/subscriptions/sub0", MaxMessages = 10, ReturnImmediately = true });
        Assert.Empty(afterAck.ReceivedMessages);
    }

    [Fact]
    public async Task Listings_MergeTheCellsInNameOrder_PageByPage()
    {
        using var database = new TestPostgres();
        await using var node = await StartAsync(database);
        foreach (var topic in TopicInCell)
        {
            await node.Publisher.CreateTopicAsync(new Topic { Name = topic });
            await node.Subscriber.CreateSubscriptionAsync(new Subscription { Name = topic.Replace("/topics/", "/subscriptions/sub-", StringComparison.Ordinal), Topic = topic });
        }

        var topics = new List<string>();
        var (token, pages) = ("", 0);
        do
        {
            var page = await node.Publisher.ListTopicsAsync(new ListTopicsRequest { Project = "projects/p", PageSize = 1, PageToken = token });
            topics.AddRange(page.Topics.Select(t => t.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 10);
        var first = await node.Subscriber.ListSubscriptionsAsync(new ListSubscriptionsRequest { Project = "projects/p", PageSize = 3 });
        var second = await node.Subscriber.ListSubscriptionsAsync(new ListSubscriptionsRequest { Project = "projects/p", PageSize = 3, PageToken = first.NextPageToken });
        var subscriptions = first.Subscriptions.Concat(second.Subscriptions).Select(s => s.Name).ToList();

        Assert.Equal(Cells, pages);
        Assert.Equal(TopicInCell.Order(StringComparer.Ordinal), topics);
        Assert.Equal(TopicInCell.Select(t => t.Replace("/topics/", "/subscriptions/sub-", StringComparison.Ordinal)).Order(StringComparer.Ordinal), subscriptions);
        Assert.Equal(3, first.Subscriptions.Count);
        Assert.Equal("", second.NextPageToken);
    }

    [Fact]
    public async Task SubscriptionAndSnapshotNames_AreUniqueAcrossCells()
    {
        using var database = new TestPostgres();
        await using var node = await StartAsync(database);
        await node.Publisher.CreateTopicAsync(new Topic { Name = TopicInCell[0] });
        await node.Publisher.CreateTopicAsync(new Topic { Name = TopicInCell[1] });
        await node.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/same", Topic = TopicInCell[0] });
        await node.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/other", Topic = TopicInCell[1] });
        await node.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "projects/p/snapshots/snap", Subscription = "projects/p/subscriptions/same" });

        var subscription = await Assert.ThrowsAsync<RpcException>(async () =>
            await node.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/same", Topic = TopicInCell[1] }));
        var snapshot = await Assert.ThrowsAsync<RpcException>(async () =>
            await node.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "projects/p/snapshots/snap", Subscription = "projects/p/subscriptions/other" }));

        Assert.Equal(StatusCode.AlreadyExists, subscription.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, snapshot.StatusCode);
        // The snapshot lives with its subscription's topic, and is found, updated and sought to from there.
        Assert.Equal(TopicInCell[0], (await node.Subscriber.GetSnapshotAsync(new GetSnapshotRequest { Snapshot = "projects/p/snapshots/snap" })).Topic);
        await node.Subscriber.SeekAsync(new SeekRequest { Subscription = "projects/p/subscriptions/same", Snapshot = "projects/p/snapshots/snap" });
        await node.Subscriber.DeleteSnapshotAsync(new DeleteSnapshotRequest { Snapshot = "projects/p/snapshots/snap" });
        await node.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "projects/p/snapshots/snap", Subscription = "projects/p/subscriptions/other" });
        Assert.Equal(TopicInCell[1], (await node.Subscriber.GetSnapshotAsync(new GetSnapshotRequest { Snapshot = "projects/p/snapshots/snap" })).Topic);
    }

    [Fact]
    public async Task DeadLetters_ReachATopicOfAnotherCell()
    {
        using var database = new TestPostgres();
        await using var node = await StartAsync(database);
        var (source, deadLetters) = (TopicInCell[2], TopicInCell[3]);
        await node.Publisher.CreateTopicAsync(new Topic { Name = source });
        await node.Publisher.CreateTopicAsync(new Topic { Name = deadLetters });
        await node.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/dead", Topic = deadLetters });
        await node.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = "projects/p/subscriptions/work",
            Topic = source,
            DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = deadLetters, MaxDeliveryAttempts = 5 },
        });
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await node.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = "projects/p/subscriptions/nowhere",
            Topic = source,
            DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = TopicInCell[1], MaxDeliveryAttempts = 5 },
        }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        await PublishAsync(node, source, "poison");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var pulled = await PullOneAsync(node, "projects/p/subscriptions/work");
            Assert.Equal(attempt, pulled.DeliveryAttempt);
            await node.Subscriber.ModifyAckDeadlineAsync(new ModifyAckDeadlineRequest { Subscription = "projects/p/subscriptions/work", AckIds = { pulled.AckId }, AckDeadlineSeconds = 0 });
        }

        var forwarded = await PullOneAsync(node, "projects/p/subscriptions/dead");
        Assert.Equal("poison", forwarded.Message.Data.ToStringUtf8());
        Assert.Equal("work", forwarded.Message.Attributes["CloudPubSubDeadLetterSourceSubscription"]);
    }

    [Fact]
    public async Task Schemas_AreSharedByTheCells_AndDeletingOneUnbindsTopicsOfEveryCell()
    {
        using var database = new TestPostgres();
        await using var node = await StartAsync(database);
        var schemas = new SchemaService.SchemaServiceClient(node.Channel);
        const string schema = "projects/p/schemas/order";
        await schemas.CreateSchemaAsync(new CreateSchemaRequest
        {
            Parent = "projects/p",
            SchemaId = "order",
            Schema = new Schema { Type = Schema.Types.Type.Avro, Definition = """{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}""" },
        });
        foreach (var topic in TopicInCell)
        {
            await node.Publisher.CreateTopicAsync(new Topic { Name = topic, SchemaSettings = new SchemaSettings { Schema = schema, Encoding = Encoding.Json } });
        }

        foreach (var topic in TopicInCell)
        {
            await PublishAsync(node, topic, """{"id":"1"}""");
            var invalid = await Assert.ThrowsAsync<RpcException>(async () =>
                await PublishAsync(node, topic, """{"nope":1}"""));
            Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        }
        // A schema's IAM policy is kept by one cell, and read back through any call for it.
        var policy = await new IAMPolicy.IAMPolicyClient(node.Channel).SetIamPolicyAsync(new SetIamPolicyRequest
        {
            Resource = schema,
            Policy = new Policy { Bindings = { new Binding { Role = "roles/pubsub.viewer", Members = { "user:a@example.com" } } } },
        });
        Assert.Equal(policy.Etag, (await new IAMPolicy.IAMPolicyClient(node.Channel).GetIamPolicyAsync(new GetIamPolicyRequest { Resource = schema })).Etag);

        await schemas.DeleteSchemaAsync(new DeleteSchemaRequest { Name = schema });

        foreach (var topic in TopicInCell)
        {
            Assert.Equal("_deleted-schema_", (await node.Publisher.GetTopicAsync(new GetTopicRequest { Topic = topic })).SchemaSettings.Schema);
        }
    }

    [Fact]
    public async Task BootstrapFile_EachCellAppliesItsTopicsAndTheirSubscriptions_AndEveryCellSeesTheSchemas()
    {
        using var directory = new TempDirectory();
        var topics = string.Concat(TopicInCell.Select(topic => $$"""

              - name: {{topic}}
                schemaSettings: {schema: declared, encoding: JSON}
            """));
        // Each with its dead-letter topic in the cell that opens last: a cell opening first takes it as declared.
        var opening = UnitClaims.Rotated("node-a", new ClusterUnits(Cells)).Where(u => u.Service == UnitService.PubSub).Select(u => u.Cell).ToList();
        var subscriptions = string.Concat(TopicInCell.Select((topic, cell) => $$"""

              - name: declared-{{cell}}
                topic: {{topic}}
                deadLetterPolicy: {deadLetterTopic: {{TopicInCell[opening[^1]]}}, maxDeliveryAttempts: 5}
            """));
        var file = directory.Write("bootstrap.yaml", $$"""
            project: p
            schemas:
              - name: declared
                type: AVRO
                definition: '{"type": "record", "name": "R", "fields": []}'
            topics:{{topics}}
            subscriptions:{{subscriptions}}
            """);
        using var database = new TestPostgres();

        await using (var node = await StartAsync(database, configure: o => o.Bootstrap = file))
        {
            foreach (var (topic, cell) in TopicInCell.Select((t, c) => (t, c)))
            {
                var subscription = await node.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = $"projects/p/subscriptions/declared-{cell}" });
                Assert.Equal(topic, subscription.Topic);
                Assert.Equal(TopicInCell[opening[^1]], subscription.DeadLetterPolicy.DeadLetterTopic);
                Assert.Equal("projects/p/schemas/declared", (await node.Publisher.GetTopicAsync(new GetTopicRequest { Topic = topic })).SchemaSettings.Schema);
            }
            var kinds = await QueryAsync(database, "SELECT kind FROM tidings_state WHERE key = 'projects/p/subscriptions/declared-2'");
            Assert.Equal(["pubsub.subscription@2"], kinds);
        }

        // Applied again at a restart, every declaration is found as it is: nothing is created twice.
        await using var restarted = await StartAsync(database, "node-b", o => o.Bootstrap = file);
        Assert.Equal(Cells, (await restarted.Subscriber.ListSubscriptionsAsync(new ListSubscriptionsRequest { Project = "projects/p" })).Subscriptions.Count);
        Assert.Equal(["pubsub.schema"], await QueryAsync(database, "SELECT DISTINCT kind FROM tidings_state WHERE kind LIKE 'pubsub.schema%'"));
    }

    [Fact]
    public async Task TheCountOfCells_IsTheDatabases_ANodeWithAnotherStops()
    {
        using var database = new TestPostgres();
        await using (var first = await StartAsync(database))
        {
            await first.Publisher.CreateTopicAsync(new Topic { Name = TopicInCell[1] });
        }

        await using var other = await ClusterTestNode.StartAsync(database.ConnectionString, "node-b", configureOptions: o => o.PubSubCells = 2);

        Assert.Equal(Tidings.ExitCodes.InvalidSettings, await other.FailStop.Stopped.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.DoesNotContain(other.State.Units.All, other.Owns);
    }

    [Fact]
    public async Task NodesRecordingTheCountAtOnce_AllReadTheOneRecorded()
    {
        using var database = ClusterTables.NewDatabase();
        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            ClusterDatabase.OpenAsync(database.ConnectionString, $"node-{i}", ClusterUnits.Single, TimeSpan.FromSeconds(10), CancellationToken.None)));
        await using var first = new NpgsqlConnection(database.ConnectionString);
        await first.OpenAsync();
        await using var insert = await first.BeginTransactionAsync();
        await new NpgsqlCommand("INSERT INTO tidings_cluster_settings (name, value) VALUES ('pubsub_cells', '4')", first, insert).ExecuteNonQueryAsync();

        // Each waits for the first node's insert in flight, then finds it committed.
        var agreeing = Task.WhenAll(sessions.Select(session => session.AgreePubSubCellsAsync(Cells)));
        await Task.Delay(300);
        Assert.False(agreeing.IsCompleted);
        await insert.CommitAsync();

        Assert.All(await agreeing.WaitAsync(TimeSpan.FromSeconds(10)), agreed => Assert.Equal(Cells, agreed));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task ADatabaseOfPubSubAsOneEngine_KeepsOneCell()
    {
        using var database = new TestPostgres();
        await using (var single = await ClusterTestNode.StartAsync(database.ConnectionString, "node-a"))
        {
            await Eventually.TrueAsync(() => single.OwnsAll, "the lone node to run every engine");
            await single.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/kept" });
        }
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("DELETE FROM tidings_cluster_settings", connection).ExecuteNonQueryAsync(); // as a database from before cells
        }

        await using var cells = await ClusterTestNode.StartAsync(database.ConnectionString, "node-b", configureOptions: o => o.PubSubCells = Cells);

        Assert.Equal(Tidings.ExitCodes.InvalidSettings, await cells.FailStop.Stopped.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(["1"], await QueryAsync(database, "SELECT value FROM tidings_cluster_settings WHERE name = 'pubsub_cells'"));
    }

    private static Task<ClusterTestNode> StartAsync(TestPostgres database, string nodeId = "node-a", Action<Tidings.Configuration.TidingsOptions>? configure = null) =>
        ClusterTestNode.StartAsync(database.ConnectionString, nodeId, configureOptions: o =>
            {
                o.PubSubCells = Cells;
                configure?.Invoke(o);
            })
            .ContinueWith(async started =>
            {
                var node = await started;
                await Eventually.TrueAsync(() => node.OwnsAll, "the lone node to run every cell");
                return node;
            }).Unwrap();

    private static async Task PublishAsync(ClusterTestNode node, string topic, string data) =>
        await node.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8(data) } } });

    private static async Task<ReceivedMessage> PullOneAsync(ClusterTestNode node, string subscription)
    {
        var response = await node.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 1 });
        return Assert.Single(response.ReceivedMessages);
    }

    private static void CheckpointAll(ClusterTestNode node)
    {
        foreach (var engine in node.Services.GetService(typeof(PubSubCells)) is PubSubCells cells ? cells.Local : [])
        {
            engine.CheckpointAcks();
        }
    }

    private static async Task<List<string>> QueryAsync(TestPostgres database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
