using Microsoft.Data.Sqlite;
using Tidings.Storage.Messages;
using Tidings.Storage.Sqlite;

namespace Tidings.Storage.Tests.Sqlite;

/// <summary>SQLite result codes become the typed storage errors; codes that mean a bug in our SQL stay as they are.</summary>
public sealed class SqliteErrorsTests
{
    [Fact]
    public void ToStorageException_Full_IsStorageFull()
    {
        var exception = new SqliteException("database or disk is full", 13);

        Assert.True(SqliteErrors.IsStorageFault(exception));
        Assert.IsType<StorageFullException>(SqliteErrors.ToStorageException(exception, "Writing"));
    }

    [Theory]
    [InlineData(5)] // BUSY
    [InlineData(8)] // READONLY
    [InlineData(10)] // IOERR
    [InlineData(11)] // CORRUPT
    [InlineData(14)] // CANTOPEN
    [InlineData(26)] // NOTADB
    public void ToStorageException_IoAndAccessFailures_AreStorageFailed(int code)
    {
        var exception = new SqliteException("failure", code);

        Assert.True(SqliteErrors.IsStorageFault(exception));
        var translated = Assert.IsType<StorageFailedException>(SqliteErrors.ToStorageException(exception, "Writing"));
        Assert.Same(exception, translated.InnerException);
    }

    [Theory]
    [InlineData(1)] // ERROR: bad SQL
    [InlineData(19)] // CONSTRAINT
    [InlineData(21)] // MISUSE
    public void IsStorageFault_ProgrammingErrors_False(int code)
    {
        Assert.False(SqliteErrors.IsStorageFault(new SqliteException("bug", code)));
    }
}
