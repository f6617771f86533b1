using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tidings.Configuration;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Bootstrap;

/// <summary>
/// The server applies its bootstrap file at every start through the API's own create and update paths: created the
/// first time, left alone when unchanged, updated where the file changed; what the API refuses stops start-up with
/// exit code 2 and a line naming the file, the line and the API's error.
/// </summary>
public sealed class BootstrapStartTests : IDisposable
{
    private const string Declarations = """
        project: demo
        location: us-central1
        subscriptions:
          - name: billing
            topic: orders
            ackDeadlineSeconds: 30
            labels: {team: billing}
            deadLetterPolicy: {deadLetterTopic: orders-dead, maxDeliveryAttempts: 5}
        topics:
          - name: orders
          - name: orders-dead
        queues:
          - name: work
            rateLimits: {maxDispatchesPerSecond: 10}
            retryConfig: {maxAttempts: 3}
        jobs:
          - name: nightly
            schedule: "0 3 * * *"
            timeZone: Europe/Paris
            httpTarget: {uri: "http://127.0.0.1:9/nightly", httpMethod: POST}
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Start_CreatesThenLeavesAloneThenUpdatesWhatChanged()
    {
        var bootstrap = _dir.Write("bootstrap.yaml", Declarations);

        await using (var first = await StartAsync(bootstrap))
        {
            var subscription = await GetAsync(first, "v1/projects/demo/subscriptions/billing");
            Assert.Equal("projects/demo/topics/orders", (string?)subscription["topic"]);
            Assert.Equal(30, (int)subscription["ackDeadlineSeconds"]!);
            Assert.Equal("projects/demo/topics/orders-dead", (string?)subscription["deadLetterPolicy"]!["deadLetterTopic"]);
            var queue = await GetAsync(first, "v2/projects/demo/locations/us-central1/queues/work");
            Assert.Equal(10, (double)queue["rateLimits"]!["maxDispatchesPerSecond"]!);
            Assert.Equal(3, (int)queue["retryConfig"]!["maxAttempts"]!);
            var job = await GetAsync(first, "v1/projects/demo/locations/us-central1/jobs/nightly");
            Assert.Equal("Europe/Paris", (string?)job["timeZone"]);
            Assert.Contains($"Bootstrap file {bootstrap} applied: 5 created, 0 updated, 0 unchanged (all)", first.Logs.Messages);
        }

        await using (var second = await StartAsync(bootstrap))
        {
            Assert.Contains($"Bootstrap file {bootstrap} applied: 0 created, 0 updated, 5 unchanged (all)", second.Logs.Messages);
        }

        File.WriteAllText(bootstrap, Declarations
            .Replace("ackDeadlineSeconds: 30", "ackDeadlineSeconds: 45", StringComparison.Ordinal)
            .Replace("maxAttempts: 3", "maxAttempts: 4", StringComparison.Ordinal));
        await using (var third = await StartAsync(bootstrap))
        {
            Assert.Contains($"Bootstrap file {bootstrap} applied: 0 created, 2 updated, 3 unchanged (all)", third.Logs.Messages);
            var subscription = await GetAsync(third, "v1/projects/demo/subscriptions/billing");
            Assert.Equal(45, (int)subscription["ackDeadlineSeconds"]!);
            Assert.Equal("billing", (string?)subscription["labels"]!["team"]);
            var queue = await GetAsync(third, "v2/projects/demo/locations/us-central1/queues/work");
            Assert.Equal(4, (int)queue["retryConfig"]!["maxAttempts"]!);
        }
    }

    [Fact]
    public async Task Start_Schema_CreatedThenUnchangedThenANewRevisionForAChangedDefinition()
    {
        const string V1 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}""";
        const string V2 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "note", "type": "string", "default": ""}]}""";
        static string File(string definition) =>
            "project: demo\nschemas:\n  - name: order\n    type: AVRO\n    revisionId: output-only\n    definition: '" + definition + "'\n"
            + "topics:\n  - name: orders\n    schemaSettings: {schema: order, encoding: JSON}\n";
        var dataDir = Path.Combine(_dir.Path, "data");
        var bootstrap = _dir.Write("bootstrap.yaml", File(V1));

        await using (var first = await StartAsync(bootstrap, dataDir))
        {
            Assert.Contains($"Bootstrap file {bootstrap} applied: 2 created, 0 updated, 0 unchanged (all)", first.Logs.Messages);
            var topic = await GetAsync(first, "v1/projects/demo/topics/orders");
            Assert.Equal("projects/demo/schemas/order", (string?)topic["schemaSettings"]!["schema"]);
        }
        await using (var second = await StartAsync(bootstrap, dataDir))
        {
            Assert.Contains($"Bootstrap file {bootstrap} applied: 0 created, 0 updated, 2 unchanged (all)", second.Logs.Messages);
        }

        System.IO.File.WriteAllText(bootstrap, File(V2));
        await using var third = await StartAsync(bootstrap, dataDir);

        Assert.Contains($"Bootstrap file {bootstrap} applied: 0 created, 1 updated, 1 unchanged (all)", third.Logs.Messages);
        var revisions = await GetAsync(third, "v1/projects/demo/schemas/order:listRevisions?view=FULL");
        Assert.Equal(2, revisions["schemas"]!.AsArray().Count);
        Assert.Equal(V2, (string?)revisions["schemas"]![0]!["definition"]); // newest first
    }

    [Fact]
    public async Task Command_SchemaThatDoesNotCompile_ExitsTwoNamingTheLine()
    {
        var bootstrap = _dir.Write("bootstrap.yaml", "project: demo\nschemas:\n  - name: broken\n    type: AVRO\n    definition: '{\"type\": \"record\"'\n");

        var (exitCode, _, error) = await RunCommandAsync("--in-memory", "--port", "0", "--bootstrap", bootstrap);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.StartsWith($"tidings: Bootstrap file '{bootstrap}' line 3, schema projects/demo/schemas/broken: INVALID_ARGUMENT: ", error, StringComparison.Ordinal);
    }

    /// <summary>The documented example must apply as written, every kind and setting of it.</summary>
    [Fact]
    public async Task Start_DocumentedExample_AppliesCleanly()
    {
        var example = Path.Combine(RepositoryRoot(), "docs", "examples", "bootstrap.yaml");

        await using var server = await StartAsync(example);

        Assert.Contains($"Bootstrap file {example} applied: 12 created, 0 updated, 0 unchanged (all)", server.Logs.Messages);
    }

    [Fact]
    public async Task Command_DeclarationTheApiRefuses_ExitsTwoNamingFileLineAndApiError()
    {
        var bootstrap = _dir.Write("bootstrap.yaml", """
            project: demo
            topics:
              - name: orders
            subscriptions:
              - name: billing
                topic: orders
                ackDeadlineSeconds: 900
            """);

        var (exitCode, output, error) = await RunCommandAsync("--in-memory", "--port", "0", "--bootstrap", bootstrap);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.StartsWith(
            $"tidings: Bootstrap file '{bootstrap}' line 5, subscription projects/demo/subscriptions/billing: INVALID_ARGUMENT: ",
            error, StringComparison.Ordinal);
        Assert.Contains("ack", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TidingsCommand.ListeningLinePrefix, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_SubscriptionMovedToAnotherTopic_ExitsTwoNamingTheLine()
    {
        var dataDir = Path.Combine(_dir.Path, "data");
        var bootstrap = _dir.Write("bootstrap.yaml", "project: demo\ntopics: [{name: alpha}, {name: beta}]\nsubscriptions:\n  - name: sub\n    topic: alpha\n");
        await using (await StartAsync(bootstrap, dataDir))
        {
        }

        File.WriteAllText(bootstrap, "project: demo\ntopics: [{name: alpha}, {name: beta}]\nsubscriptions:\n  - name: sub\n    topic: beta\n");
        var (exitCode, _, error) = await RunCommandAsync("--data-dir", dataDir, "--port", "0", "--bootstrap", bootstrap);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.StartsWith($"tidings: Bootstrap file '{bootstrap}' line 4, subscription projects/demo/subscriptions/sub: INVALID_ARGUMENT: Invalid update_mask provided in the UpdateSubscriptionRequest: the 'topic' field in the Subscription is not mutable.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_UnknownField_ExitsTwoNamingTheLineAndField()
    {
        var bootstrap = _dir.Write("bootstrap.yaml", "project: demo\ntopics:\n  - name: orders\n    retention: 1d\n");

        var (exitCode, _, error) = await RunCommandAsync("--in-memory", "--port", "0", "--bootstrap", bootstrap);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.StartsWith($"tidings: Bootstrap file '{bootstrap}' line 3, topic projects/demo/topics/orders: not a valid topic: ", error, StringComparison.Ordinal);
        Assert.Contains("retention", error, StringComparison.Ordinal);
    }

    /// <summary>Values the REST API's JSON would refuse: each stops start-up naming the entry's line.</summary>
    [Theory]
    [InlineData("subscriptions:\n  - name: sub\n    topic: orders\n    messageRetentionDuration: ten minutes\n", "subscription projects/demo/subscriptions/sub")]
    [InlineData("queues:\n  - name: work\n    state: SLEEPY\n", "queue projects/demo/locations/here/queues/work")]
    [InlineData("jobs:\n  - name: nightly\n    schedule: '0 3 * * *'\n    httpTarget: {uri: 'http://127.0.0.1:9/', body: 'not base64!'}\n", "job projects/demo/locations/here/jobs/nightly")]
    [InlineData("subscriptions:\n  - name: sub\n    topic: orders\n    ackDeadlineSeconds: [30]\n", "subscription projects/demo/subscriptions/sub")]
    public async Task Command_ValueTheJsonFormRefuses_ExitsTwoNamingTheLine(string entries, string resource)
    {
        var bootstrap = _dir.Write("bootstrap.yaml", "project: demo\nlocation: here\ntopics: [{name: orders}]\n" + entries);

        var (exitCode, _, error) = await RunCommandAsync("--in-memory", "--port", "0", "--bootstrap", bootstrap);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.StartsWith($"tidings: Bootstrap file '{bootstrap}' line 5, {resource}: not a valid ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_BootstrapFileMissing_ExitsTwo()
    {
        var (exitCode, _, error) = await RunCommandAsync("--in-memory", "--bootstrap", "absent.yaml");

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.Contains($"Bootstrap file '{Path.Combine(_dir.Path, "absent.yaml")}' does not exist", error, StringComparison.Ordinal);
    }

    private async Task<StartedServer> StartAsync(string bootstrap, string? dataDir = null)
    {
        var logs = new RecordingLoggerProvider();
        var options = new TidingsOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataDir = dataDir ?? Path.Combine(_dir.Path, "data"),
            Bootstrap = bootstrap,
        };
        var app = TidingsHost.Build(options, services => services.AddLogging(logging => logging.ClearProviders().AddProvider(logs)));
        await app.StartAsync();
        return new StartedServer(app, logs);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tidings.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("The repository root (Tidings.slnx) is not above the test's directory.");
    }

    private static async Task<JsonNode> GetAsync(StartedServer server, string path)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var text = await client.GetStringAsync(new Uri($"http://127.0.0.1:{server.App.GetBoundPort()}/{path}"));
        return JsonNode.Parse(text)!;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CommandEnvironment(new Dictionary<string, string?> { ["HOME"] = _dir.Path }, _dir.Path, output, error);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await TidingsCommand.RunAsync(args, environment, stop.Token, services => services.AddLogging(logging => logging.ClearProviders()));
        return (exitCode, output.ToString(), error.ToString());
    }

    private sealed class StartedServer(Microsoft.AspNetCore.Builder.WebApplication app, RecordingLoggerProvider logs) : IAsyncDisposable
    {
        public Microsoft.AspNetCore.Builder.WebApplication App { get; } = app;

        public RecordingLoggerProvider Logs { get; } = logs;

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
