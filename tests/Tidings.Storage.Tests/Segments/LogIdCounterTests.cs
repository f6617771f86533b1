using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

/// <summary>Log ids are never handed out twice, across deletes and restarts.</summary>
public sealed class LogIdCounterTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void CreateLog_AfterRestart_NeverReusesADeletedLogsId()
    {
        long deleted;
        using (var store = TestStores.Open(_directory.Path))
        {
            store.CreateLog();
            store.CreateLog();
            deleted = store.CreateLog().LogId;
            store.DeleteLog(deleted);
        }

        using var reopened = TestStores.Open(_directory.Path);
        Assert.Equal(2, reopened.ListLogIds().Count);

        var created = reopened.CreateLog();

        Assert.True(created.LogId > deleted);
    }

    [Fact]
    public void Open_CounterMissingBesideLogs_ThrowsUnlessRepairing()
    {
        using (var store = TestStores.Open(_directory.Path))
        {
            store.CreateLog();
            store.CreateLog();
        }
        File.Delete(Path.Combine(_directory.Path, "log-ids"));

        Assert.Throws<InvalidDataException>(() => TestStores.Open(_directory.Path));

        using var repaired = TestStores.Open(_directory.Path, repair: true);
        Assert.Equal(3, repaired.CreateLog().LogId);
    }

    [Fact]
    public void Open_InterruptedDeletionAndCreation_RemovesTheLeftovers()
    {
        long kept;
        using (var store = TestStores.Open(_directory.Path))
        {
            kept = store.CreateLog().LogId;
        }
        var deleting = Path.Combine(_directory.Path, "000000000007.deleted");
        Directory.CreateDirectory(deleting);
        File.WriteAllText(Path.Combine(deleting, "00000000000000000001.seg"), "x");
        var creating = TestStores.LogDirectory(_directory.Path, 8);
        Directory.CreateDirectory(creating);

        using var reopened = TestStores.Open(_directory.Path);

        Assert.Equal([kept], reopened.ListLogIds());
        Assert.False(Directory.Exists(deleting));
        Assert.False(Directory.Exists(creating));
        Assert.Equal(2, reopened.Recovery.RemovedDirectories.Count);
        Assert.Equal(9, reopened.CreateLog().LogId);
    }
}
