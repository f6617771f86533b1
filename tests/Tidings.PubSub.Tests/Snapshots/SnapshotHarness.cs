using Tidings.PubSub.Snapshots;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Snapshots;

/// <summary>Short-hands for snapshots on a <see cref="BrokerHarness"/>.</summary>
internal static class SnapshotHarness
{
    public static string SnapshotName(string id) => $"{BrokerHarness.Project}/snapshots/{id}";

    public static SubscriptionSnapshot CreateSnapshot(this BrokerHarness harness, string id, string subscriptionId) =>
        harness.Broker.CreateSnapshot(SnapshotName(id), BrokerHarness.SubscriptionName(subscriptionId), new Dictionary<string, string>());

    public static Task SeekToSnapshotAsync(this BrokerHarness harness, string subscriptionId, string snapshotId) =>
        harness.Broker.SeekToSnapshotAsync(BrokerHarness.SubscriptionName(subscriptionId), SnapshotName(snapshotId));

    /// <summary>Pulls and acks until nothing comes; returns the payloads in the order delivered.</summary>
    public static async Task<List<string>> DrainAsync(this BrokerHarness harness, string subscriptionId)
    {
        var texts = new List<string>();
        while (await harness.PullNowAsync(subscriptionId) is { Count: > 0 } batch)
        {
            harness.Ack(subscriptionId, batch);
            texts.AddRange(batch.Select(BrokerHarness.Text));
        }
        return texts;
    }
}
