using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.Storage.Messages;
using Tidings.Storage.Sqlite;

namespace Tidings.IntegrationTests.Faults;

/// <summary>
/// A full state disk answers RESOURCE_EXHAUSTED on admin calls (it used to be UNKNOWN) and leaves no half-written
/// resource behind: nothing in the database, no message log, nothing listed.
/// </summary>
public sealed class StateDiskFullTests(FullStateDiskFixture server) : IClassFixture<FullStateDiskFixture>
{
    [Fact]
    public async Task CreateTopic_StateDiskFull_IsResourceExhaustedAndLeavesNoState()
    {
        var project = TidingsServerFixture.NewProject();
        var kept = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/kept" });
        var logsBefore = server.Services.GetRequiredService<IMessageStore>().ListLogIds().Count;

        var tooLarge = new Topic { Name = $"projects/{project}/topics/too-large", Labels = { FullStateDiskFixture.LargeLabels() } };
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Publisher.CreateTopicAsync(tooLarge).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() => server.Publisher.GetTopicAsync(new GetTopicRequest { Topic = tooLarge.Name }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var listed = await server.Publisher.ListTopicsAsync(new ListTopicsRequest { Project = $"projects/{project}" });
        Assert.Equal([kept.Name], listed.Topics.Select(topic => topic.Name));
        Assert.Equal(logsBefore, server.Services.GetRequiredService<IMessageStore>().ListLogIds().Count);
        using var onDisk = new SqliteStateStore(server.DatabasePath);
        Assert.DoesNotContain(onDisk.LoadAll("pubsub.topic"), document => document.Key == tooLarge.Name);
    }

    [Fact]
    public async Task CreateSubscription_StateDiskFull_IsResourceExhaustedAndLeavesNoState()
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/orders" });

        var tooLarge = new Subscription { Name = $"projects/{project}/subscriptions/too-large", Topic = topic.Name, Labels = { FullStateDiskFixture.LargeLabels() } };
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Subscriber.CreateSubscriptionAsync(tooLarge).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var listed = await server.Publisher.ListTopicSubscriptionsAsync(new ListTopicSubscriptionsRequest { Topic = topic.Name });
        Assert.Empty(listed.Subscriptions);
        using var onDisk = new SqliteStateStore(server.DatabasePath);
        Assert.DoesNotContain(onDisk.LoadAll("pubsub.subscription"), document => document.Key == tooLarge.Name);
        var small = await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{project}/subscriptions/small", Topic = topic.Name });
        Assert.Equal(topic.Name, small.Topic);
    }
}
