using System.Collections.Concurrent;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Pub/Sub cells handed to a node that joined later (<see cref="CellHandback"/>): the first node, alone, runs every
/// unit; once a second one settles, the first hands cells back one at a time until each holds three of the six, under
/// a publish load through the first node. What moves keeps its state: every publish answered is delivered, an ack
/// made before the move holds, a lease held on a moved cell is delivered again, and a stream on a moved cell ends
/// with UNAVAILABLE, which clients retry.
/// </summary>
public sealed class ClusterCellHandbackTests
{
    private const int Cells = CellsCluster.Cells;

    [Fact]
    public async Task ANodeJoiningLater_IsHandedCells_UnderLoad_NothingAnsweredIsLost_AndAcksHold()
    {
        await using var cluster = await TestCluster.StartAsync(1, configureOptions: o => o.PubSubCells = Cells);
        var a = cluster.Nodes[0];
        await Eventually.TrueAsync(() => a.OwnsAll, "the lone node to run every unit", 30_000);
        string[] topics = [.. Enumerable.Range(0, Cells).Select(cell => CellsCluster.TopicIn(cell))];
        foreach (var (topic, cell) in topics.Select((t, c) => (t, c)))
        {
            await a.Publisher.CreateTopicAsync(new Topic { Name = topic });
            await a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = Sub(cell), Topic = topic, AckDeadlineSeconds = 600 });
            // Acked before the move: never delivered again. Leased, not acked: delivered again where its cell moved.
            await PublishAsync(a, topic, $"acked-{cell}");
            var acked = await PullOneAsync(a, Sub(cell));
            await a.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = Sub(cell), AckIds = { acked.AckId } });
            await PublishAsync(a, topic, $"leased-{cell}");
            Assert.Equal($"leased-{cell}", (await PullOneAsync(a, Sub(cell))).Message.Data.ToStringUtf8());
        }
        // The first cell handed back is the highest: a stream on it ends when it moves.
        await a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/streamed", Topic = topics[Cells - 1], AckDeadlineSeconds = 600 });
        using var streamDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = a.Subscriber.StreamingPull(cancellationToken: streamDeadline.Token);
        await stream.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = "projects/p/subscriptions/streamed", StreamAckDeadlineSeconds = 600 });
        var streamEnd = ReadUntilEndAsync(stream);

        var answered = new ConcurrentBag<(int Cell, string Data)>();
        var refused = new ConcurrentBag<StatusCode>();
        using var stopLoad = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            for (var n = 0; !stopLoad.IsCancellationRequested; n++)
            {
                var cell = n % Cells;
                try
                {
                    await PublishAsync(a, topics[cell], $"load-{n}");
                    answered.Add((cell, $"load-{n}"));
                }
                catch (RpcException exception)
                {
                    refused.Add(exception.StatusCode);
                }
            }
        });

        var b = await cluster.AddNodeAsync("node-b", configureOptions: o => o.PubSubCells = Cells);
        await Eventually.TrueAsync(() => a.State.Held.Count == 3 && b.State.Held.Count == 3 && a.State.Held.Concat(b.State.Held).All(u => a.Owns(u) || b.Owns(u)),
            "the first node to hand cells back until each holds three units", 60_000);
        var owners = await cluster.WaitForOwnersAsync(timeoutMs: 30_000);
        await Task.Delay(300); // load after the moves, too
        await stopLoad.CancelAsync();
        await load;

        // The highest cells moved; Cloud Tasks and Scheduler, never handed back, stayed.
        Assert.Equal([a, b, b, b, a, a], owners.OrderBy(o => o.Key).Select(o => o.Value));
        var ended = await Assert.ThrowsAsync<RpcException>(() => streamEnd);
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.All(refused, status => Assert.Equal(StatusCode.Unavailable, status));
        Assert.NotEmpty(answered);

        foreach (var cell in Enumerable.Range(0, Cells))
        {
            var expected = answered.Where(m => m.Cell == cell).Select(m => m.Data).ToHashSet();
            if (cell > 0)
            {
                expected.Add($"leased-{cell}");
            }
            var received = new HashSet<string>();
            await Eventually.TrueAsync(async () =>
            {
                var pulled = await b.Subscriber.PullAsync(new PullRequest { Subscription = Sub(cell), MaxMessages = 1000, ReturnImmediately = true });
                received.UnionWith(pulled.ReceivedMessages.Select(m => m.Message.Data.ToStringUtf8()));
                if (pulled.ReceivedMessages.Count > 0)
                {
                    await b.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = Sub(cell), AckIds = { pulled.ReceivedMessages.Select(m => m.AckId) } });
                }
                return expected.IsSubsetOf(received);
            }, $"every message answered in cell {cell} to be delivered", 30_000);
            Assert.DoesNotContain($"acked-{cell}", received);
            if (cell == 0)
            {
                Assert.DoesNotContain("leased-0", received); // cell 0 stayed: its lease holds
            }
        }
        Assert.False(a.FailStop.Stopped.IsCompleted);
        Assert.False(b.FailStop.Stopped.IsCompleted);
    }

    private static string Sub(int cell) => $"projects/p/subscriptions/sub{cell}";

    private static Task PublishAsync(ClusterTestNode node, string topic, string data) =>
        node.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8(data) } } }).ResponseAsync;

    private static async Task<ReceivedMessage> PullOneAsync(ClusterTestNode node, string subscription)
    {
        while (true)
        {
            var pulled = await node.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 1 });
            if (pulled.ReceivedMessages.Count > 0)
            {
                return pulled.ReceivedMessages[0];
            }
        }
    }

    private static async Task ReadUntilEndAsync(AsyncDuplexStreamingCall<StreamingPullRequest, StreamingPullResponse> stream)
    {
        while (await stream.ResponseStream.MoveNext())
        {
        }
    }
}
