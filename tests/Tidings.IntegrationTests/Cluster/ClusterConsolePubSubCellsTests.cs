using System.Collections.Concurrent;
using System.Text.Json;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Cluster;
using Tidings.IntegrationTests.Console;
using Tidings.PubSub.Cells;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// The console with Pub/Sub in four cells on two nodes, each running some: whichever node the page talks to, the
/// project's description holds every cell's topics and subscriptions, a peek and a test publish reach the cell of
/// their resource, and the overview lists the projects of every node's cells, asking each node once.
/// </summary>
public sealed class ClusterConsolePubSubCellsTests : IAsyncLifetime
{
    private readonly TestPostgres _database = new();
    private readonly ForwardedRequests _forwardedToB = new();
    private ClusterTestNode _a = null!;
    private ClusterTestNode _b = null!;
    private IReadOnlyList<int> _cellsOfA = [];
    private IReadOnlyList<int> _cellsOfB = [];

    public async Task InitializeAsync()
    {
        // Started at once, with a heartbeat long enough that both see each other within the join window and share the cells.
        void Options(Tidings.Configuration.TidingsOptions o)
        {
            o.PubSubCells = CellsCluster.Cells;
            o.ClusterHeartbeatMs = 1000;
        }
        var started = await Task.WhenAll(
            ClusterTestNode.StartAsync(_database.ConnectionString, "node-a", configureOptions: Options),
            ClusterTestNode.StartAsync(_database.ConnectionString, "node-b",
                services => services.AddSingleton<IStartupFilter>(_forwardedToB), Options));
        (_a, _b) = (started[0], started[1]);
        // Every unit (Cloud Tasks' and Cloud Scheduler's too, for the overview) runs on one node, which the other knows.
        bool Settled(ClusterUnit unit) => _a.Owns(unit)
            ? !_b.Owns(unit) && _b.State.OwnerOf(unit)?.NodeId == _a.NodeId
            : _b.Owns(unit) && _a.State.OwnerOf(unit)?.NodeId == _b.NodeId;
        await Eventually.TrueAsync(() => _a.State.Units.All.All(Settled), "every unit to run on one node that the other knows", 30_000);
        _cellsOfA = [.. Enumerable.Range(0, CellsCluster.Cells).Where(cell => _a.Owns(ClusterUnit.PubSubCell(cell)))];
        _cellsOfB = [.. Enumerable.Range(0, CellsCluster.Cells).Where(cell => _b.Owns(ClusterUnit.PubSubCell(cell)))];
        Assert.NotEmpty(_cellsOfA);
        Assert.NotEmpty(_cellsOfB);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task ProjectDescription_ThroughEitherNode_HoldsBothNodesCells()
    {
        var (onA, onB) = (CellsCluster.TopicIn(_cellsOfA[0], "p"), CellsCluster.TopicIn(_cellsOfB[0], "p"));
        await _a.Publisher.CreateTopicAsync(new Topic { Name = onA });
        await _a.Publisher.CreateTopicAsync(new Topic { Name = onB });
        await _b.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/sub-a", Topic = onA });
        // A dead-letter topic named by a subscription of the other node's cell is still marked as one.
        await _b.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = "projects/p/subscriptions/sub-b",
            Topic = onB,
            DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = onA, MaxDeliveryAttempts = 5 },
        });
        await PublishAsync(_a, onA, "1", "2");
        await PublishAsync(_a, onB, "1", "2", "3");

        foreach (var node in new[] { _a, _b })
        {
            var (status, body) = await ConsoleCall.GetAsync(node.Http, "pubsub?project=p");

            Assert.Equal(200, status);
            Assert.Equal("p", body.GetProperty("project").GetString());
            var topics = body.GetProperty("topics").EnumerateArray()
                .Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("published").GetInt32(), t.GetProperty("subscriptions").GetInt32(),
                    t.GetProperty("isDeadLetterTopic").GetBoolean()))
                .ToList();
            Assert.Equal(new[] { (onA, 2, 1, true), (onB, 3, 1, false) }.OrderBy(t => t.Item1, StringComparer.Ordinal), topics);
            var subscriptions = body.GetProperty("subscriptions").EnumerateArray()
                .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("topic").GetString(), s.GetProperty("backlog").GetInt32(),
                    s.GetProperty("deadLetterTopic").GetString()))
                .ToList();
            Assert.Equal([("projects/p/subscriptions/sub-a", onA, 2, null), ("projects/p/subscriptions/sub-b", onB, 3, onA)], subscriptions);
        }
    }

    [Fact]
    public async Task PeekAndPublish_ThroughTheNodeThatDoesNotRunTheCell()
    {
        foreach (var (via, cell, name) in new[] { (_a, _cellsOfB[0], "held-by-b"), (_b, _cellsOfA[0], "held-by-a") })
        {
            var topic = CellsCluster.TopicIn(cell, "p");
            var subscription = $"projects/p/subscriptions/{name}";
            await via.Publisher.CreateTopicAsync(new Topic { Name = topic });
            await via.Subscriber.CreateSubscriptionAsync(new Subscription { Name = subscription, Topic = topic });

            var (published, body) = await ConsoleCall.PostAsync(via.Http, "pubsub/publish", new { topic, data = $"to {name}" });
            Assert.Equal(200, published);
            Assert.Single(body.GetProperty("messageIds").EnumerateArray());
            var (peeked, messages) = await ConsoleCall.GetAsync(via.Http, $"pubsub/peek?subscription={subscription}");
            Assert.Equal(200, peeked);
            Assert.Equal([$"to {name}"], messages.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));

            var pulled = Assert.Single((await via.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 5 })).ReceivedMessages);
            Assert.Equal($"to {name}", pulled.Message.Data.ToStringUtf8());
        }
        var (missing, error) = await ConsoleCall.GetAsync(_a.Http, "pubsub/peek?subscription=projects/p/subscriptions/never");
        Assert.Equal((404, "NOT_FOUND"), (missing, error.GetProperty("error").GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Overview_ListsTheProjectsOfEveryNodesCells_AskingEachNodeOnce()
    {
        await _a.Publisher.CreateTopicAsync(new Topic { Name = CellsCluster.TopicIn(_cellsOfA[^1], "only-on-a") });
        await _b.Publisher.CreateTopicAsync(new Topic { Name = CellsCluster.TopicIn(_cellsOfB[^1], "only-on-b") });

        foreach (var node in new[] { _a, _b })
        {
            var (status, overview) = await ConsoleCall.GetAsync(node.Http, "overview");
            Assert.Equal(200, status);
            Assert.Equal(["only-on-a", "only-on-b"], overview.GetProperty("projects").EnumerateArray().Select(p => p.GetString()));
        }
        // Node a asked node b once for Pub/Sub's part, naming every cell b runs.
        var asked = _forwardedToB.Requests.Where(r => r.By == _a.NodeId && r.Path == UnitRoutes.ConsoleOverviewPath && r.Query == "?service=pubsub").ToList();
        Assert.Equal(string.Join(',', _cellsOfB), Assert.Single(asked).Cells);
    }

    private static async Task PublishAsync(ClusterTestNode node, string topic, params string[] texts)
    {
        var request = new PublishRequest { Topic = topic };
        request.Messages.Add(texts.Select(text => new PubsubMessage { Data = ByteString.CopyFromUtf8(text) }));
        await node.Publisher.PublishAsync(request);
    }

    /// <summary>Records the requests marked forwarded (by another node, or by this one asking itself), before anything else sees them.</summary>
    private sealed class ForwardedRequests : IStartupFilter
    {
        public ConcurrentQueue<(string By, string Path, string Query, string? Cells)> Requests { get; } = new();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(UnitForwarding.ForwardedHeader, out var by))
                {
                    Requests.Enqueue((by.ToString(), context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                        context.Request.Headers["x-tidings-cells"].FirstOrDefault()));
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
