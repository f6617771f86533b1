using System.Text;
using Tidings.Storage.Sqlite;
using Tidings.Storage.State;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.State;

public sealed class SqliteStateStoreComplianceTests : StateStoreCompliance
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "state.db");

    protected override IStateStore CreateStore() => new SqliteStateStore(DatabasePath);

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Reopen_AfterDispose_KeepsEveryAppliedChange()
    {
        Store.Apply([StateChange.Put("topic", "a", Encoding.UTF8.GetBytes("1")), StateChange.Put("topic", "b", Encoding.UTF8.GetBytes("2"))]);
        Store.Apply([StateChange.Delete("topic", "b")]);
        Store.Dispose();

        using var reopened = new SqliteStateStore(DatabasePath);
        Assert.Equal("a", Assert.Single(reopened.LoadAll("topic")).Key);
    }
}
