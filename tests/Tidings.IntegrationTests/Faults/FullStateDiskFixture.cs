using Microsoft.Extensions.DependencyInjection;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.Storage.Sqlite;
using Tidings.Storage.State;

namespace Tidings.IntegrationTests.Faults;

/// <summary>
/// The host with its state in a real SQLite database that is two pages (8 KiB) from full: small resources fit,
/// a resource of about 8 KB does not, and SQLite answers SQLITE_FULL for it just as it does for ENOSPC.
/// </summary>
public sealed class FullStateDiskFixture : TidingsServerFixture
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tidings-full-state-");

    public string DatabasePath => Path.Combine(_directory.FullName, "state.db");

    /// <summary>Labels within Google's limits (64 labels of 63-character keys and values) adding up to about 8 KB.</summary>
    public static Dictionary<string, string> LargeLabels() =>
        Enumerable.Range(0, 64).ToDictionary(i => $"k{i:D2}".PadRight(63, 'k'), _ => new string('v', 63));

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IStateStore>(_ => new SqliteStateStore(new SqliteStoreOptions(DatabasePath) { MaxSizeBytes = 2 * 4096 }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
