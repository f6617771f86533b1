using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// A leader whose own clock is skewed still stamps the database's time, so times do not jump when the leadership
/// moves between nodes whose clocks disagree.
/// </summary>
public sealed class ClusterClockOffsetTests
{
    [Fact]
    public async Task SampleClock_AgainstTheDatabase_MeasuresTheSkewOfTheLocalClock()
    {
        using var database = new TestPostgres();
        var skewed = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        await using var session = await ClusterDatabase.OpenAsync(database.ConnectionString, "clock-test", ClusterUnits.Single, TimeSpan.FromSeconds(5), CancellationToken.None);

        var sample = await session.SampleClockAsync(skewed);

        // The fake clock stands still, so the offset is the skew plus the time since it was set: under a few seconds.
        Assert.InRange(sample.Offset, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task LeaderWithASkewedClock_StampsTheDatabasesTime()
    {
        await using var cluster = new TestClusterOnSkewedClock();
        var node = await cluster.StartAsync(skew: TimeSpan.FromHours(-2));
        await Eventually.TrueAsync(() => node.OwnsAll, "the node to run every engine");

        await node.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/clock" });
        await node.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/clock", Topic = "projects/p/topics/clock" });
        await node.Publisher.PublishAsync(new PublishRequest { Topic = "projects/p/topics/clock", Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("now") } } });
        var pulled = await node.Subscriber.PullAsync(new PullRequest { Subscription = "projects/p/subscriptions/clock", MaxMessages = 1 });

        var publishTime = Assert.Single(pulled.ReceivedMessages).Message.PublishTime.ToDateTimeOffset();
        Assert.InRange(publishTime, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
    }

    /// <summary>One node whose local wall clock is off by a fixed skew (timers stay real).</summary>
    private sealed class TestClusterOnSkewedClock : IAsyncDisposable
    {
        private readonly TestPostgres _database = new();
        private ClusterTestNode? _node;

        public async Task<ClusterTestNode> StartAsync(TimeSpan skew)
        {
            _node = await ClusterTestNode.StartAsync(_database.ConnectionString, "skewed", services =>
            {
                var clock = new ClusterClock(new SkewedClock(skew));
                services.AddSingleton(clock);
                services.AddSingleton<TimeProvider>(clock);
            });
            return _node;
        }

        public async ValueTask DisposeAsync()
        {
            if (_node is not null)
            {
                await _node.DisposeAsync();
            }
            _database.Dispose();
        }
    }

    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }
}
