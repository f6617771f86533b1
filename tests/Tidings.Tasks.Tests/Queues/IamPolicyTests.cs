using Google.Cloud.Iam.V1;
using Google.Protobuf;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Queues;

/// <summary>Get/Set/TestIamPermissions on queues: the policy is stored with an etag (not enforced), and tested permissions answered.</summary>
public sealed class IamPolicyTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        await _harness.CreateQueueAsync("guarded");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private string Queue => _harness.QueueName("guarded");

    private static Policy Viewers(params string[] members) => new()
    {
        Bindings = { new Binding { Role = "roles/cloudtasks.viewer", Members = { members } } },
    };

    [Fact]
    public void GetIamPolicy_NeverSet_EmptyPolicyWithEtag()
    {
        var policy = _harness.Engine.GetIamPolicy(Queue);

        Assert.Empty(policy.Bindings);
        Assert.Equal("ACAB", policy.Etag.ToBase64());
    }

    [Fact]
    public async Task SetIamPolicy_ThenGet_SamePolicyWithNewEtag()
    {
        var set = await _harness.Engine.SetIamPolicyAsync(Queue, Viewers("user:a@example.com"), null, CancellationToken.None);

        var read = _harness.Engine.GetIamPolicy(Queue);

        Assert.Equal(set, read);
        Assert.Equal("user:a@example.com", Assert.Single(Assert.Single(read.Bindings).Members));
        Assert.NotEqual("ACAB", read.Etag.ToBase64());
        Assert.Equal(1, read.Version);
    }

    [Fact]
    public async Task SetIamPolicy_StaleEtag_Aborted()
    {
        var first = await _harness.Engine.SetIamPolicyAsync(Queue, Viewers("user:a@example.com"), null, CancellationToken.None);
        var stale = Viewers("user:b@example.com");
        stale.Etag = ByteString.CopyFrom(0x00, 0x20, 0x01);

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.Engine.SetIamPolicyAsync(Queue, stale, null, CancellationToken.None));
        var current = Viewers("user:c@example.com");
        current.Etag = first.Etag;
        var accepted = await _harness.Engine.SetIamPolicyAsync(Queue, current, null, CancellationToken.None);

        Assert.Equal(ErrorCode.Aborted, error.Code);
        Assert.Equal("user:c@example.com", Assert.Single(Assert.Single(accepted.Bindings).Members));
    }

    [Fact]
    public void TestIamPermissions_ExistingQueue_TheQueuePermissionsAsked()
    {
        var response = _harness.Engine.TestIamPermissions(Queue, ["cloudtasks.tasks.create", "cloudtasks.queues.get", "pubsub.topics.get"]);

        Assert.Equal(["cloudtasks.tasks.create", "cloudtasks.queues.get"], response.Permissions);
    }

    [Fact]
    public void TestIamPermissions_MissingQueue_EmptyNotNotFound()
    {
        var response = _harness.Engine.TestIamPermissions(_harness.QueueName("missing"), ["cloudtasks.tasks.create"]);

        Assert.Empty(response.Permissions);
    }

    [Fact]
    public void GetIamPolicy_MissingQueue_NotFound()
    {
        var error = Assert.Throws<TidingsException>(() => _harness.Engine.GetIamPolicy(_harness.QueueName("missing")));

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }
}
