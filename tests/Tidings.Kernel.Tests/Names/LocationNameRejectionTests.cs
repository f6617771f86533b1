using Tidings.Kernel.Tests.Support;

namespace Tidings.Kernel.Tests.Names;

/// <summary>Malformed location-scoped names are refused, whatever level is wrong.</summary>
public sealed class LocationNameRejectionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("projects/p/locations/l")] // a location, not a queue
    [InlineData("projects/p/locations/l/queues")] // no queue id
    [InlineData("projects/p/locations/l/queues/")] // empty queue id
    [InlineData("projects/p/locations/l/queues/q/")] // trailing slash
    [InlineData("/projects/p/locations/l/queues/q")] // leading slash
    [InlineData("projects/p/locations/l/queues/q/tasks/t")] // a task, not a queue
    [InlineData("projects/p/locations//queues/q")] // empty location
    [InlineData("projects//locations/l/queues/q")] // empty project
    [InlineData("projects/p/location/l/queues/q")] // singular collection word
    [InlineData("projects/p/locations/l/Queues/q")] // collection words are case-sensitive
    [InlineData("projects/p/queues/q")] // the location level is missing
    [InlineData("projects/p/locations/l/queues/my_queue")] // queue ids have no underscore
    [InlineData("projects/p/locations/l/queues/q.1")]
    [InlineData("projects/p!/locations/l/queues/q")] // bad project character
    [InlineData("projectsX/p/locations/l/queues/q")]
    [InlineData("projects")]
    public void TryParse_MalformedQueueName_False(string name)
    {
        Assert.False(CloudPatterns.Queue.TryParse(name, out var queue));
        Assert.Null(queue);
    }

    [Fact]
    public void TryParse_Null_False()
    {
        Assert.False(CloudPatterns.Queue.TryParse(null, out _));
    }

    [Fact]
    public void TryParse_QueueIdOver100Characters_False()
    {
        Assert.False(CloudPatterns.Queue.TryParse($"projects/p/locations/l/queues/{new string('q', 101)}", out _));
    }

    [Theory]
    [InlineData("projects/p/locations/l/queues/q/tasks/")] // empty task id
    [InlineData("projects/p/locations/l/queues/q/tasks/a b")]
    [InlineData("projects/p/locations/l/queues/q/tasks/a.b")]
    [InlineData("projects/p/locations/l/queues/q/tasks/t/extra")]
    [InlineData("projects/p/locations/l/queues/q/jobs/t")] // wrong child collection
    [InlineData("projects/p/locations/l/queues/q_1/tasks/t")] // the parent's rule still applies
    public void TryParse_MalformedTaskName_False(string name)
    {
        Assert.False(CloudPatterns.Task.TryParse(name, out _));
    }

    [Fact]
    public void TryParse_TaskIdOver500Characters_False()
    {
        Assert.False(CloudPatterns.Task.TryParse($"projects/p/locations/l/queues/q/tasks/{new string('t', 501)}", out _));
    }

    [Theory]
    [InlineData("projects/p/locations/l/jobs/")]
    [InlineData("projects/p/locations/l/jobs/nightly report")]
    [InlineData("projects/p/locations/l/queues/nightly")] // a queue, not a job
    [InlineData("projects/p/jobs/nightly")]
    public void TryParse_MalformedJobName_False(string name)
    {
        Assert.False(CloudPatterns.Job.TryParse(name, out _));
    }
}
