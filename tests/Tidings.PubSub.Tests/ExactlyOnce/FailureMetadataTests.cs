using Tidings.PubSub.ExactlyOnce;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>
/// The failure metadata lists every failed id while it stays small enough for a gRPC trailer; past that the rest
/// are left out (clients count unlisted ids of a failed call as failed), temporary failures listed first.
/// </summary>
public sealed class FailureMetadataTests
{
    [Fact]
    public void FailureMetadata_FewFailures_ListsEachWithItsCode()
    {
        var confirmation = new AckConfirmation();
        confirmation.Succeeded.Add("ok");
        confirmation.Invalid.Add("stale");
        confirmation.TemporarilyFailed.Add("unsaved");

        var metadata = confirmation.FailureMetadata();

        Assert.Equal(new Dictionary<string, string>
        {
            ["stale"] = AckIdFailureCodes.InvalidAckId,
            ["unsaved"] = AckIdFailureCodes.TransientOther,
        }, metadata);
    }

    [Fact]
    public void FailureMetadata_ThousandsOfFailures_CappedWithTemporaryOnesFirst()
    {
        var confirmation = new AckConfirmation();
        confirmation.Invalid.AddRange(Enumerable.Range(0, 3000).Select(i => $"1-{i:x}-66ddb6c74c002"));
        confirmation.TemporarilyFailed.AddRange(Enumerable.Range(0, 10).Select(i => $"1-t{i:x}-66ddb6c74c002"));

        var metadata = confirmation.FailureMetadata();

        Assert.InRange(metadata.Sum(entry => entry.Key.Length + entry.Value.Length + 6), 1, AckConfirmation.MaxFailureMetadataBytes);
        Assert.InRange(metadata.Count, 500, 2999);
        Assert.All(confirmation.TemporarilyFailed, ackId => Assert.Equal(AckIdFailureCodes.TransientOther, metadata[ackId]));
    }
}
