using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tidings.Configuration;
using Tidings.Hosting;
using Tidings.Storage.Messages;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.Messages;
using Tidings.Testing;

namespace Tidings.Host.Tests.Hosting;

/// <summary>The message store's settings reach the store the host opens on PostgreSQL.</summary>
public sealed class PostgresMessageStoreRegistrationTests : IDisposable
{
    private readonly TestPostgres _database = new();

    public PostgresMessageStoreRegistrationTests()
    {
        using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        PostgresSchema.Migrate(dataSource);
    }

    public void Dispose() => _database.Dispose();

    private async Task<PostgresMessageStoreOptions> StoreOptionsAsync(TidingsOptions options)
    {
        await using var app = TidingsHost.Build(options);
        return Assert.IsType<PostgresMessageStore>(app.Services.GetRequiredService<IMessageStore>()).Options;
    }

    private TidingsOptions Options() => new() { Host = "127.0.0.1", Port = 0, Store = StoreKind.Postgres, Postgres = _database.ConnectionString };

    [Fact]
    public async Task CacheAndWriters_Given_ReachTheStore()
    {
        var options = Options();
        options.PostgresCacheMb = 7;
        options.PostgresWriters = 3;

        var store = await StoreOptionsAsync(options);

        Assert.Equal((7L << 20, 3), (store.CacheBytes, store.Writers));
    }

    [Fact]
    public async Task Defaults_AreTheStoreDefaults()
    {
        var store = await StoreOptionsAsync(Options());

        var defaults = new PostgresMessageStoreOptions();
        Assert.Equal((defaults.CacheBytes, defaults.Writers), (store.CacheBytes, store.Writers));
    }
}
