using Tidings.Configuration;

namespace Tidings.Host.Tests.Configuration;

/// <summary>The Tidings:Tasks section: Google's current windows by default, from the file, the environment and the command line, validated.</summary>
public sealed class TasksSectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _environment = new() { ["HOME"] = "/home/tester" };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_NothingSet_TaskNames24HoursQueueNames7DaysAppEngineOnLocalhost8080()
    {
        var tasks = Load().Tasks;

        Assert.Equal(TimeSpan.FromHours(24), tasks.ToStoreOptions().TaskNameReservation);
        Assert.Equal(TimeSpan.FromDays(7), tasks.ToStoreOptions().QueueNameReservation);
        Assert.Equal(new Uri("http://localhost:8080"), tasks.ToEngineOptions().AppEngineBaseUrl);
        Assert.Equal(1000, tasks.ToEngineOptions().MaxConcurrentDispatches);
    }

    [Fact]
    public void Load_FileEnvironmentCommandLine_InThatPrecedence()
    {
        _dir.Write("tidings.json", """
            { "Tidings": { "Tasks": { "TaskNameReservationSeconds": 1, "QueueNameReservationSeconds": 1, "AppEngineBaseUrl": "http://file:1" } } }
            """);
        _environment["TIDINGS_TASKS_QUEUE_NAME_RESERVATION_SECONDS"] = "2";
        _environment["TIDINGS_TASKS_APP_ENGINE_BASE_URL"] = "http://env:2";

        var tasks = Load("--tasks-app-engine-base-url", "https://cli:3").Tasks;

        Assert.Equal(1, tasks.TaskNameReservationSeconds);
        Assert.Equal(2, tasks.QueueNameReservationSeconds);
        Assert.Equal(new Uri("https://cli:3"), tasks.ToEngineOptions().AppEngineBaseUrl);
    }

    [Theory]
    [InlineData("--tasks-task-name-reservation-seconds", "-1", "Tasks:TaskNameReservationSeconds -1 must not be negative")]
    [InlineData("--tasks-queue-name-reservation-seconds", "-5", "Tasks:QueueNameReservationSeconds -5 must not be negative")]
    [InlineData("--tasks-max-concurrent-dispatches", "0", "Tasks:MaxConcurrentDispatches 0 must be positive")]
    [InlineData("--tasks-app-engine-base-url", "ftp://apps", "Tasks:AppEngineBaseUrl 'ftp://apps' must be an absolute http or https URL")]
    [InlineData("--tasks-app-engine-base-url", "localhost:8080", "Tasks:AppEngineBaseUrl 'localhost:8080' must be an absolute http or https URL")]
    public void Validate_OutOfRange_FailsNamingTheSetting(string option, string value, string expected)
    {
        var result = new TidingsOptionsValidator().Validate(name: null, Load(option, value));

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.Contains(option, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroReservations_Allowed()
    {
        var options = Load("--tasks-task-name-reservation-seconds", "0", "--tasks-queue-name-reservation-seconds", "0");

        Assert.True(new TidingsOptionsValidator().Validate(name: null, options).Succeeded);
    }

    private TidingsOptions Load(params string[] args) =>
        TidingsOptionsLoader.Load(CommandLineArguments.Parse(args), _environment, _dir.Path);
}
