using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.IntegrationTests.Rest;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>Snapshots over gRPC and REST: create, get, list, update, delete, seek to them, Google's errors.</summary>
public sealed class SnapshotTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private async Task<(string Project, string Topic, string Subscription)> CreateAsync()
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/orders" });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{project}/subscriptions/billing", Topic = topic.Name });
        return (project, topic.Name, subscription.Name);
    }

    private async Task<string[]> PullAndAckAsync(string subscription)
    {
        var pulled = await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 100, ReturnImmediately = true });
        if (pulled.ReceivedMessages.Count > 0)
        {
            await server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { pulled.ReceivedMessages.Select(m => m.AckId) } });
        }
        return [.. pulled.ReceivedMessages.Select(m => m.Message.Data.ToStringUtf8())];
    }

    [Fact]
    public async Task Snapshot_Grpc_SeekRestoresTheUnackedSet()
    {
        var (project, topic, subscription) = await CreateAsync();
        await server.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("a") } } });
        var snapshot = await server.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = $"projects/{project}/snapshots/before", Subscription = subscription, Labels = { ["k"] = "v" } });
        Assert.Equal(["a"], await PullAndAckAsync(subscription));

        await server.Subscriber.SeekAsync(new SeekRequest { Subscription = subscription, Snapshot = snapshot.Name });

        Assert.Equal(["a"], await PullAndAckAsync(subscription));
        Assert.Equal(topic, snapshot.Topic);
        Assert.Equal(server.Time.GetUtcNow() + TimeSpan.FromDays(7), snapshot.ExpireTime.ToDateTimeOffset());
        var listed = await server.Publisher.ListTopicSnapshotsAsync(new ListTopicSnapshotsRequest { Topic = topic });
        Assert.Equal([snapshot.Name], listed.Snapshots);
    }

    [Fact]
    public async Task Snapshot_GrpcWithoutName_GetsAServerAssignedOne()
    {
        var (project, _, subscription) = await CreateAsync();

        var snapshot = await server.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Subscription = subscription });

        Assert.StartsWith($"projects/{project}/snapshots/", snapshot.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_Rest_CreateGetPatchListDelete()
    {
        var (project, _, subscription) = await CreateAsync();
        var name = $"projects/{project}/snapshots/nightly";

        var created = await RestCall.SendAsync(server.Http, HttpMethod.Put, $"/v1/{name}", $$$"""{"subscription":"{{{subscription}}}","labels":{"team":"ops"}}""");
        created.AssertStatusOk();
        Assert.Equal(name, created.Json["name"]!.GetValue<string>());

        var patched = await RestCall.SendAsync(server.Http, HttpMethod.Patch, $"/v1/{name}", """{"snapshot":{"labels":{"team":"billing"}},"updateMask":"labels"}""");
        patched.AssertStatusOk();
        Assert.Equal("billing", patched.Json["labels"]!["team"]!.GetValue<string>());

        var listed = await RestCall.SendAsync(server.Http, HttpMethod.Get, $"/v1/projects/{project}/snapshots");
        listed.AssertStatusOk();
        Assert.Equal(name, listed.Json["snapshots"]![0]!["name"]!.GetValue<string>());

        var seek = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"/v1/{subscription}:seek", $$"""{"snapshot":"{{name}}"}""");
        seek.AssertOk("{}");

        (await RestCall.SendAsync(server.Http, HttpMethod.Delete, $"/v1/{name}")).AssertOk("{}");
        var gone = await RestCall.SendAsync(server.Http, HttpMethod.Get, $"/v1/{name}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Status);
    }

    [Fact]
    public async Task Snapshot_Errors_AreGooglesCodes()
    {
        var (project, _, subscription) = await CreateAsync();
        var name = $"projects/{project}/snapshots/dup";
        await server.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = name, Subscription = subscription });

        var duplicate = await Assert.ThrowsAsync<RpcException>(() => server.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = name, Subscription = subscription }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal("Resource already exists in the project (resource=dup).", duplicate.Status.Detail);

        var missing = await Assert.ThrowsAsync<RpcException>(() => server.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest
        {
            Name = $"projects/{project}/snapshots/other",
            Subscription = $"projects/{project}/subscriptions/nope",
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Resource not found (resource=nope).", missing.Status.Detail);

        var elsewhere = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/elsewhere" });
        var other = await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{project}/subscriptions/other", Topic = elsewhere.Name });
        var mismatch = await Assert.ThrowsAsync<RpcException>(() => server.Subscriber.SeekAsync(new SeekRequest { Subscription = other.Name, Snapshot = name }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, mismatch.StatusCode);

        var badMask = await Assert.ThrowsAsync<RpcException>(() => server.Subscriber.UpdateSnapshotAsync(new UpdateSnapshotRequest
        {
            Snapshot = new Snapshot { Name = name, Topic = elsewhere.Name },
            UpdateMask = new FieldMask { Paths = { "topic" } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badMask.StatusCode);
    }
}
