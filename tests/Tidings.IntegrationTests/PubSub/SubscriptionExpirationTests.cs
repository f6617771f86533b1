using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.PubSub;
using Tidings.Testing;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>The expiration policy over gRPC and REST: an idle subscription is gone after its ttl; pulls and open streams keep it.</summary>
public sealed class SubscriptionExpirationTests(ExpiryServerFixture server) : IClassFixture<ExpiryServerFixture>
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private async Task<string> CreateAsync(TimeSpan ttl)
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/events" });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = $"projects/{project}/subscriptions/worker",
            Topic = topic.Name,
            MessageRetentionDuration = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
            ExpirationPolicy = new ExpirationPolicy { Ttl = Duration.FromTimeSpan(ttl) },
        });
        return subscription.Name;
    }

    private async Task<bool> ExistsAsync(string name)
    {
        try
        {
            await server.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = name });
            return true;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    [Fact]
    public async Task Idle_GoneAfterItsTtl_OverGrpcAndRest()
    {
        var name = await CreateAsync(Day);

        server.Time.Advance(Day - ExpiryServerFixture.SweepInterval);
        Assert.True(await ExistsAsync(name));
        server.Time.Advance(ExpiryServerFixture.SweepInterval);

        Assert.False(await ExistsAsync(name));
        var rest = await server.Http.GetAsync($"/v1/{name}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, rest.StatusCode);
        var pull = await Assert.ThrowsAsync<RpcException>(() => server.Subscriber.PullAsync(new PullRequest { Subscription = name, MaxMessages = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, pull.StatusCode);
    }

    [Fact]
    public async Task Pull_PostponesExpiry()
    {
        var name = await CreateAsync(Day);
        server.Time.Advance(Day / 2);

        await server.Subscriber.PullAsync(new PullRequest { Subscription = name, MaxMessages = 1, ReturnImmediately = true });
        server.Time.Advance(Day - ExpiryServerFixture.SweepInterval);
        Assert.True(await ExistsAsync(name));

        server.Time.Advance(ExpiryServerFixture.SweepInterval);
        Assert.False(await ExistsAsync(name));
    }

    [Fact]
    public async Task OpenStreamingPull_KeepsTheSubscription_UntilTheStreamCloses()
    {
        var name = await CreateAsync(Day);
        var broker = server.Services.GetRequiredService<PubSubBroker>();
        using (var call = server.Subscriber.StreamingPull())
        {
            await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = name, StreamAckDeadlineSeconds = 10 });
            await Eventually.TrueAsync(() => broker.GetSubscription(name).HasConnectedSubscriber, "the stream is open");

            server.Time.Advance(3 * Day);
            Assert.True(await ExistsAsync(name));
        }
        await Eventually.TrueAsync(() => !broker.GetSubscription(name).HasConnectedSubscriber, "the stream has closed");

        server.Time.Advance(Day);
        Assert.False(await ExistsAsync(name));
    }
}
