using Tidings.Storage.Messages;
using Tidings.Storage.Tests.Compliance;

namespace Tidings.Storage.Tests.Postgres;

public sealed class PostgresMessageStoreComplianceTests : MessageStoreCompliance
{
    private readonly MessageStoreDatabase _database = new();

    protected override IMessageStore CreateStore() => _database.Open();

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}
