using Tidings.PubSub.Persistence;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>The lease-deadline record of exactly-once subscriptions round-trips and refuses what it is not.</summary>
public sealed class LeaseStateCodecTests
{
    [Fact]
    public void Decode_Encoded_SameLeases()
    {
        LeaseDeadline[] leases = [new(7, 1_767_225_600_000), new(9, 1_767_225_660_500)];

        var (version, decoded) = LeaseStateCodec.Decode(LeaseStateCodec.Encode(leases));

        Assert.Equal(PubSubDocuments.FormatVersion, version);
        Assert.Equal(leases, decoded);
    }

    [Fact]
    public void Decode_NoLeases_Empty()
    {
        var (version, decoded) = LeaseStateCodec.Decode(LeaseStateCodec.Encode([]));

        Assert.Equal(PubSubDocuments.FormatVersion, version);
        Assert.Empty(decoded);
    }

    [Fact]
    public void Decode_Truncated_NotARecord()
    {
        var bytes = LeaseStateCodec.Encode([new(7, 1)]);

        Assert.Null(LeaseStateCodec.Decode(bytes.AsSpan(0, bytes.Length - 1)).Version);
    }

    [Fact]
    public void Decode_NewerVersion_ReportsItsVersion()
    {
        var bytes = LeaseStateCodec.Encode([]);
        bytes[3] = PubSubDocuments.FormatVersion + 1;

        Assert.Equal(PubSubDocuments.FormatVersion + 1, LeaseStateCodec.Decode(bytes).Version);
    }
}
