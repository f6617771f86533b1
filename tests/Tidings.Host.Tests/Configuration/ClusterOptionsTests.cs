using Tidings.Configuration;

namespace Tidings.Host.Tests.Configuration;

/// <summary>The store and cluster options: their names in each source, and what validation refuses.</summary>
public sealed class ClusterOptionsTests : IDisposable
{
    private const string Connection = "Host=db.internal;Database=tidings;Username=tidings;Password=s3cret-pw";

    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _environment = new() { ["HOME"] = "/home/tester" };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_ClusterFlags_AsTheHarnessPassesThem()
    {
        var options = Load("--store", "postgres", "--postgres", Connection, "--advertise-url", "http://127.0.0.1:9001",
            "--node-id", "node-1", "--port", "9001", "--cluster-heartbeat-ms", "250", "--postgres-writers", "4", "--postgres-cache-mb", "512", "--pubsub-cells", "16");

        Assert.Equal(StoreKind.Postgres, options.EffectiveStore);
        Assert.Equal(Connection, options.Postgres);
        Assert.Equal("http://127.0.0.1:9001", options.AdvertiseUrl);
        Assert.Equal("node-1", options.NodeId);
        Assert.Equal(250, options.ClusterHeartbeatMs);
        Assert.Equal(4, options.PostgresWriters);
        Assert.Equal(512, options.PostgresCacheMb);
        Assert.Equal(16, options.PubSubCells);
        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Load_FromEnvironment()
    {
        _environment["TIDINGS_STORE"] = "postgres";
        _environment["TIDINGS_POSTGRES"] = Connection;
        _environment["TIDINGS_ADVERTISE_URL"] = "http://10.0.0.5:8085";
        _environment["TIDINGS_NODE_ID"] = "from-env";
        _environment["TIDINGS_CLUSTER_HEARTBEAT_MS"] = "500";
        _environment["TIDINGS_POSTGRES_WRITERS"] = "3";
        _environment["TIDINGS_POSTGRES_CACHE_MB"] = "0";
        _environment["TIDINGS_PUBSUB_CELLS"] = "8";

        var options = Load();

        Assert.Equal(StoreKind.Postgres, options.Store);
        Assert.Equal("http://10.0.0.5:8085", options.AdvertiseUrl);
        Assert.Equal("from-env", options.NodeId);
        Assert.Equal(500, options.ClusterHeartbeatMs);
        Assert.Equal(3, options.PostgresWriters);
        Assert.Equal(0, options.PostgresCacheMb);
        Assert.Equal(8, options.PubSubCells);
    }

    [Fact]
    public void Load_Defaults_EmbeddedStoreAndOneSecondHeartbeat()
    {
        var options = Load();

        Assert.Equal(StoreKind.Embedded, options.EffectiveStore);
        Assert.Equal(1000, options.ClusterHeartbeatMs);
        Assert.Equal(2, options.PostgresWriters);
        Assert.Equal(64, options.PostgresCacheMb);
        Assert.Equal(1, options.PubSubCells);
        Assert.Equal("", options.NodeId);
        Assert.Equal("", options.AdvertiseUrl);
    }

    [Theory]
    [InlineData("--in-memory")]
    [InlineData("--store", "memory")]
    public void Load_InMemoryOrStoreMemory_MeansMemory(params string[] args)
    {
        var options = Load(args);

        Assert.Equal(StoreKind.Memory, options.EffectiveStore);
        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_PostgresWithoutConnectionString_Fails()
    {
        var failure = Assert.Single(Validate(Load("--store", "postgres")).Failures!);

        Assert.Contains("Postgres must be set with Store=postgres", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConnectionStringWithoutPostgresStore_IsRefused()
    {
        var failure = Assert.Single(Validate(Load("--postgres", Connection)).Failures!);

        Assert.Contains("Postgres is only used with Store=postgres", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InMemoryAndPostgres_Contradict()
    {
        var failures = Validate(Load("--in-memory", "--store", "postgres", "--postgres", Connection)).Failures!;

        Assert.Contains(failures, f => f.Contains("InMemory and Store=postgres contradict", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MalformedConnectionString_FailsWithoutQuotingIt()
    {
        var failure = Assert.Single(Validate(Load("--store", "postgres", "--postgres", "Host=db;Password=s3cret-pw;Bogus Key=1")).Failures!);

        Assert.Contains("not a valid Npgsql connection string", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:9001")]
    [InlineData("ftp://10.0.0.5")]
    [InlineData("http://10.0.0.5:8085/prefix")]
    public void Validate_AdvertiseUrlNotABaseHttpUrl_Fails(string url)
    {
        var failure = Assert.Single(Validate(Load("--store", "postgres", "--postgres", Connection, "--advertise-url", url)).Failures!);

        Assert.Contains($"AdvertiseUrl '{url}' must be an absolute http:// or https:// URL", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HeartbeatTooShort_Fails()
    {
        var failure = Assert.Single(Validate(Load("--store", "postgres", "--postgres", Connection, "--cluster-heartbeat-ms", "10")).Failures!);

        Assert.Contains("ClusterHeartbeatMs 10 must be at least 50", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--postgres-writers", "0", "PostgresWriters 0 must be between 1 and 32")]
    [InlineData("--postgres-writers", "33", "PostgresWriters 33 must be between 1 and 32")]
    [InlineData("--postgres-cache-mb", "-1", "PostgresCacheMb -1 must be between 0 and 1048576")]
    [InlineData("--postgres-cache-mb", "1048577", "PostgresCacheMb 1048577 must be between 0 and 1048576")]
    [InlineData("--pubsub-cells", "0", "PubSubCells 0 must be between 1 and 256")]
    [InlineData("--pubsub-cells", "257", "PubSubCells 257 must be between 1 and 256")]
    public void Validate_PostgresStoreSettingOutOfRange_Fails(string flag, string value, string expected)
    {
        var failure = Assert.Single(Validate(Load("--store", "postgres", "--postgres", Connection, flag, value)).Failures!);

        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownStore_IsAConfigurationError()
    {
        Assert.Throws<TidingsConfigurationException>(() => Load("--store", "cassandra"));
    }

    [Fact]
    public void Redacted_DropsThePassword()
    {
        var redacted = ClusterOptionsValidation.Redacted(Connection);

        Assert.DoesNotContain("s3cret-pw", redacted, StringComparison.Ordinal);
        Assert.Contains("Host=db.internal", redacted, StringComparison.Ordinal);
    }

    private TidingsOptions Load(params string[] args) =>
        TidingsOptionsLoader.Load(CommandLineArguments.Parse(args), _environment, _dir.Path);

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(TidingsOptions options) =>
        new TidingsOptionsValidator().Validate(name: null, options);
}
