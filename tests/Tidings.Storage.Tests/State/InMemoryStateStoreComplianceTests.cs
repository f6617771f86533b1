using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.Storage.Tests.State;

public sealed class InMemoryStateStoreComplianceTests : StateStoreCompliance
{
    protected override IStateStore CreateStore() => new InMemoryStateStore();
}
