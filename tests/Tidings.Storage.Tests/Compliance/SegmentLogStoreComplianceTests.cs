using Tidings.Storage.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Compliance;

/// <summary>The compliance suite on small segments, so rolling happens within the tests too.</summary>
public sealed class SegmentLogStoreComplianceTests : MessageStoreCompliance
{
    private readonly TempDirectory _directory = new();

    protected override IMessageStore CreateStore() => TestStores.Open(_directory.Path, segmentBytes: 16 * 1024);

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }
}
