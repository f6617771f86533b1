using Tidings.Kernel.Names;
using Tidings.Kernel.Tests.Support;

namespace Tidings.Kernel.Tests.Names;

/// <summary>Valid location-scoped names parse into their ids, for every level Cloud Tasks and Scheduler use.</summary>
public sealed class LocationNameParsingTests
{
    [Fact]
    public void TryParse_Location_ReturnsProjectAndLocation()
    {
        Assert.True(CloudPatterns.Location.TryParse("projects/my-project/locations/us-central1", out var location));

        Assert.Equal("my-project", location.Project);
        Assert.Equal("us-central1", location.Location);
        Assert.Equal("us-central1", location.Id);
        Assert.Equal(["my-project", "us-central1"], location.Ids);
        Assert.Same(CloudPatterns.Location, location.Pattern);
    }

    [Fact]
    public void TryParse_Queue_ReturnsEveryId()
    {
        Assert.True(CloudPatterns.Queue.TryParse("projects/p/locations/europe-west1/queues/emails", out var queue));

        Assert.Equal("p", queue.Project);
        Assert.Equal("europe-west1", queue.Location);
        Assert.Equal("emails", queue.Id);
        Assert.Equal("emails", queue["queues"]);
        Assert.Equal("projects/p/locations/europe-west1/queues/emails", queue.FullName);
    }

    [Fact]
    public void TryParse_TaskNestedInQueue_ReturnsEveryId()
    {
        const string name = "projects/p/locations/us-east1/queues/emails/tasks/welcome_42-a";

        Assert.True(CloudPatterns.Task.TryParse(name, out var task));

        Assert.Equal(["p", "us-east1", "emails", "welcome_42-a"], task.Ids);
        Assert.Equal("emails", task["queues"]);
        Assert.Equal("welcome_42-a", task["tasks"]);
        Assert.Equal("us-east1", task.Location);
        Assert.Equal(name, task.FullName);
        Assert.Equal(name, task.ToString());
    }

    [Fact]
    public void TryParse_Job_ReturnsEveryId()
    {
        Assert.True(CloudPatterns.Job.TryParse("projects/p/locations/asia-northeast1/jobs/nightly_report", out var job));

        Assert.Equal("p", job.Project);
        Assert.Equal("asia-northeast1", job.Location);
        Assert.Equal("nightly_report", job.Id);
    }

    [Theory]
    [InlineData("google.com:my-project")] // a domain-scoped project id
    [InlineData("123456789012")] // a project number
    public void TryParse_ProjectIdForms_Accepted(string project)
    {
        Assert.True(CloudPatterns.Queue.TryParse($"projects/{project}/locations/l/queues/q", out var queue));

        Assert.Equal(project, queue.Project);
    }

    [Fact]
    public void TryParse_IdsAtTheirLengthLimits_Accepted()
    {
        var queueId = new string('q', 100);
        var taskId = new string('t', 500);

        Assert.True(CloudPatterns.Task.TryParse($"projects/p/locations/l/queues/{queueId}/tasks/{taskId}", out var task));

        Assert.Equal(queueId, task["queues"]);
        Assert.Equal(taskId, task.Id);
    }

    [Fact]
    public void TryParse_ProjectScopedName_HasNoLocation()
    {
        Assert.True(CloudPatterns.Topic.TryParse("projects/p/topics/orders", out var topic));

        Assert.Null(topic.Location);
        Assert.Equal("p", topic.Project);
        Assert.Equal("orders", topic.Id);
    }
}
