using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tidings.Configuration;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Hosting;

/// <summary>A node's PostgreSQL pool is small by default, so one busy leader cannot take every connection the server allows.</summary>
public sealed class PostgresPoolRegistrationTests
{
    private const string Server = "Host=127.0.0.1;Username=u;Password=p;Database=d";

    [Fact]
    public async Task DataSource_WithoutAPoolSize_PoolsAtMostTheDefault()
    {
        Assert.Equal(StorageRegistration.DefaultMaxPoolSize, await MaxPoolSizeAsync(Server));
    }

    [Theory]
    [InlineData("Maximum Pool Size=40")]
    [InlineData("MaxPoolSize=40")]
    public async Task DataSource_WithAPoolSizeInTheConnectionString_KeepsIt(string setting)
    {
        Assert.Equal(40, await MaxPoolSizeAsync($"{Server};{setting}"));
    }

    private static async Task<int> MaxPoolSizeAsync(string connectionString)
    {
        var options = new TidingsOptions { Host = "127.0.0.1", Port = 0, Store = StoreKind.Postgres, Postgres = connectionString };
        await using var app = TidingsHost.Build(options);
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        return new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;
    }
}
