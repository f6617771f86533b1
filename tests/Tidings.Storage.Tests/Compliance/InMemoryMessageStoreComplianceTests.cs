using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Tests.Compliance;

public sealed class InMemoryMessageStoreComplianceTests : MessageStoreCompliance
{
    protected override IMessageStore CreateStore() => new InMemoryMessageStore();
}
