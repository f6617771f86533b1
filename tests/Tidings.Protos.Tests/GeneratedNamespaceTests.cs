namespace Tidings.Protos.Tests;

/// <summary>Generated C# types live in the namespaces Google's own .NET libraries use, so names read as users know them.</summary>
public sealed class GeneratedNamespaceTests
{
    [Theory]
    [InlineData(typeof(Google.Cloud.Tasks.V2.Queue), "Google.Cloud.Tasks.V2")]
    [InlineData(typeof(Google.Cloud.Scheduler.V1.Job), "Google.Cloud.Scheduler.V1")]
    [InlineData(typeof(Google.Cloud.Location.Location), "Google.Cloud.Location")]
    [InlineData(typeof(Google.Cloud.Iam.V1.Policy), "Google.Cloud.Iam.V1")]
    [InlineData(typeof(Google.Cloud.Tasks.V2.CloudTasks.CloudTasksBase), "Google.Cloud.Tasks.V2")]
    [InlineData(typeof(Google.Cloud.Scheduler.V1.CloudScheduler.CloudSchedulerClient), "Google.Cloud.Scheduler.V1")]
    public void GeneratedType_Namespace_IsGoogles(Type type, string expected)
    {
        Assert.Equal(expected, type.Namespace);
    }
}
