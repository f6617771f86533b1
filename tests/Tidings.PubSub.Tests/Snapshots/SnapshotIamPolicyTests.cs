using Tidings.Kernel.Errors;
using Tidings.Kernel.Iam;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Snapshots;

/// <summary>A snapshot's IAM policy lives as long as the snapshot: kept across restarts, gone when it is deleted or expires.</summary>
public sealed class SnapshotIamPolicyTests : IDisposable
{
    private const string Snapshot = "projects/p/snapshots/nightly";
    private static readonly IamPolicy Policy = new(1, [new IamBinding("roles/pubsub.viewer", ["user:ops@example.com"], null)], [], []);

    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private BrokerHarness _harness;

    public SnapshotIamPolicyTests()
    {
        _harness = new BrokerHarness(store: _messages, state: _state);
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
        _harness.CreateSnapshot("nightly", "sub");
        _harness.Broker.SetIamPolicy(Snapshot, Policy, ["bindings"]);
    }

    [Fact]
    public void Restart_PolicyKept()
    {
        var etag = _harness.Broker.GetIamPolicy(Snapshot, 1).Etag;
        var now = _harness.Time.GetUtcNow();
        _harness.Dispose();
        _harness = new BrokerHarness(store: _messages, state: _state, now: now);

        Assert.Equal(etag, _harness.Broker.GetIamPolicy(Snapshot, 1).Etag);
    }

    [Fact]
    public void Delete_PolicyGoes_ARecreatedSnapshotStartsWithout()
    {
        _harness.Broker.DeleteSnapshot(Snapshot);
        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.GetIamPolicy(Snapshot, 1));

        _harness.CreateSnapshot("nightly", "sub");

        Assert.Empty(_harness.Broker.GetIamPolicy(Snapshot, 1).Bindings);
    }

    [Fact]
    public void Expiry_PolicyGoes()
    {
        _harness.Time.Advance(TimeSpan.FromDays(7));
        _harness.Broker.SweepExpiredSnapshots();

        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.GetIamPolicy(Snapshot, 1));
        _harness.CreateSnapshot("nightly", "sub");
        Assert.Empty(_harness.Broker.GetIamPolicy(Snapshot, 1).Bindings);
    }

    public void Dispose() => _harness.Dispose();
}
