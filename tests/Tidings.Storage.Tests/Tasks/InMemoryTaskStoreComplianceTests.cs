using Tidings.Storage.InMemory;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Tests.Tasks;

public sealed class InMemoryTaskStoreComplianceTests : TaskStoreCompliance
{
    protected override ITaskStore CreateStore(TaskStoreOptions options, TimeProvider time) => new InMemoryTaskStore(options, time);
}
