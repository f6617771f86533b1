using Google.Cloud.Iam.V1;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Type;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub.Iam;

/// <summary>google.iam.v1.IAMPolicy over gRPC for Pub/Sub's resources, as the official clients call it.</summary>
public sealed class IamPolicyGrpcTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly string _project = TidingsServerFixture.NewProject();

    private IAMPolicy.IAMPolicyClient Iam => new(server.Channel);

    private async Task<string> CreateTopicAsync(string id) => (await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{_project}/topics/{id}" })).Name;

    private static Policy Publishers(params string[] members) => new()
    {
        Bindings = { new Binding { Role = "roles/pubsub.publisher", Members = { members } } },
    };

    [Fact]
    public async Task SetThenGet_TopicPolicyWithNewEtag_EmptyBefore()
    {
        var topic = await CreateTopicAsync("orders");

        var before = await Iam.GetIamPolicyAsync(new GetIamPolicyRequest { Resource = topic });
        var set = await Iam.SetIamPolicyAsync(new SetIamPolicyRequest { Resource = topic, Policy = Publishers("user:a@example.com") });
        var after = await Iam.GetIamPolicyAsync(new GetIamPolicyRequest { Resource = topic, Options = new GetPolicyOptions { RequestedPolicyVersion = 3 } });

        Assert.Equal(new Policy { Etag = ByteString.FromBase64("ACAB") }, before);
        Assert.Equal(set, after);
        Assert.Equal(1, after.Version);
        Assert.NotEqual(before.Etag, after.Etag);
        Assert.Equal("user:a@example.com", Assert.Single(Assert.Single(after.Bindings).Members));
    }

    [Fact]
    public async Task SetIamPolicy_Subscription_ConditionAndAuditConfigKept()
    {
        var topic = await CreateTopicAsync("events");
        var subscription = (await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{_project}/subscriptions/audit", Topic = topic })).Name;
        var policy = new Policy
        {
            Version = 3,
            Bindings =
            {
                new Binding
                {
                    Role = "roles/pubsub.subscriber",
                    Members = { "serviceAccount:worker@p.iam.gserviceaccount.com" },
                    Condition = new Expr { Expression = "request.time < timestamp(\"2027-01-01T00:00:00Z\")", Title = "until 2027" },
                },
            },
            AuditConfigs = { new AuditConfig { Service = "pubsub.googleapis.com", AuditLogConfigs = { new AuditLogConfig { LogType = AuditLogConfig.Types.LogType.DataRead } } } },
        };

        await Iam.SetIamPolicyAsync(new SetIamPolicyRequest { Resource = subscription, Policy = policy, UpdateMask = new FieldMask { Paths = { "bindings", "audit_configs" } } });
        var read = await Iam.GetIamPolicyAsync(new GetIamPolicyRequest { Resource = subscription, Options = new GetPolicyOptions { RequestedPolicyVersion = 3 } });

        Assert.Equal(3, read.Version);
        Assert.Equal(policy.Bindings, read.Bindings);
        Assert.Equal(policy.AuditConfigs, read.AuditConfigs);
    }

    [Fact]
    public async Task SetIamPolicy_StaleEtag_Aborted()
    {
        var topic = await CreateTopicAsync("contended");
        await Iam.SetIamPolicyAsync(new SetIamPolicyRequest { Resource = topic, Policy = Publishers("user:a@example.com") });
        var stale = Publishers("user:b@example.com");
        stale.Etag = ByteString.FromBase64("ACAB");

        var error = await Assert.ThrowsAsync<RpcException>(() => Iam.SetIamPolicyAsync(new SetIamPolicyRequest { Resource = topic, Policy = stale }).ResponseAsync);

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.", error.Status.Detail);
    }

    [Fact]
    public async Task GetIamPolicy_MissingTopicAndSnapshot_NotFound()
    {
        var topic = await Assert.ThrowsAsync<RpcException>(() => Iam.GetIamPolicyAsync(new GetIamPolicyRequest { Resource = $"projects/{_project}/topics/missing" }).ResponseAsync);
        var snapshot = await Assert.ThrowsAsync<RpcException>(() => Iam.GetIamPolicyAsync(new GetIamPolicyRequest { Resource = $"projects/{_project}/snapshots/nightly" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, topic.StatusCode);
        Assert.Equal("Resource not found (resource=missing).", topic.Status.Detail);
        Assert.Equal("Resource not found (resource=nightly).", snapshot.Status.Detail);
    }

    [Fact]
    public async Task TestIamPermissions_TopicPermissionsGranted_MissingTopicNone()
    {
        var topic = await CreateTopicAsync("tested");
        string[] asked = ["pubsub.topics.publish", "pubsub.topics.get", "pubsub.subscriptions.consume"];

        var granted = await Iam.TestIamPermissionsAsync(new TestIamPermissionsRequest { Resource = topic, Permissions = { asked } });
        var missing = await Iam.TestIamPermissionsAsync(new TestIamPermissionsRequest { Resource = $"projects/{_project}/topics/missing", Permissions = { asked } });

        Assert.Equal(["pubsub.topics.publish", "pubsub.topics.get"], granted.Permissions);
        Assert.Empty(missing.Permissions);
    }

    [Fact]
    public async Task SetIamPolicy_MemberWithoutType_InvalidArgument()
    {
        var topic = await CreateTopicAsync("strict");

        var error = await Assert.ThrowsAsync<RpcException>(() => Iam.SetIamPolicyAsync(new SetIamPolicyRequest { Resource = topic, Policy = Publishers("a@example.com") }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("Policy members must be of the form \"<type>:<value>\".", error.Status.Detail);
    }
}
