using Tidings.Kernel.Iam;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Expiration;

/// <summary>An expired subscription loses its IAM policy as a deleted one does, so one re-created under its name has none.</summary>
public sealed class ExpiredPolicyTests : IDisposable
{
    private readonly ExpirationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Expired_PolicyDeletedWithIt_RecreatedSubscriptionHasNone()
    {
        var name = BrokerHarness.SubscriptionName("idle");
        _harness.CreateSubscription("idle", TimeSpan.FromDays(1));
        _harness.Broker.SetIamPolicy(name, new IamPolicy(1, [new IamBinding("roles/pubsub.subscriber", ["user:a@example.com"], null)], [], []), []);

        _harness.Advance(TimeSpan.FromDays(1));
        _harness.CreateSubscription("idle", ttl: null);

        Assert.Empty(_harness.State.LoadAll(PubSubDocuments.PolicyKind));
        Assert.Empty(_harness.Broker.GetIamPolicy(name, requestedPolicyVersion: 0).Bindings);
    }
}
