using Tidings.Kernel.Names;
using Tidings.Kernel.Tests.Support;

namespace Tidings.Kernel.Tests.Names;

/// <summary>Walking a parsed name: parents, ids by collection, equality.</summary>
public sealed class ResourcePathNavigationTests
{
    private static ResourcePath Parse(ResourcePattern pattern, string name) =>
        pattern.TryParse(name, out var path) ? path : throw new ArgumentException(name);

    [Fact]
    public void Parent_OfTask_IsItsQueueThenLocationThenProject()
    {
        var task = Parse(CloudPatterns.Task, "projects/p/locations/l/queues/q/tasks/t");

        var queue = task.Parent!;
        var location = queue.Parent!;
        var project = location.Parent!;

        Assert.Equal("projects/p/locations/l/queues/q", queue.FullName);
        Assert.Same(CloudPatterns.Queue, queue.Pattern);
        Assert.Equal("projects/p/locations/l", location.FullName);
        Assert.Same(CloudPatterns.Location, location.Pattern);
        Assert.Equal("projects/p", project.FullName);
        Assert.Null(project.Parent);
    }

    [Fact]
    public void Parent_OfJob_IsItsLocation()
    {
        var job = Parse(CloudPatterns.Job, "projects/p/locations/us-central1/jobs/nightly");

        Assert.Equal(Parse(CloudPatterns.Location, "projects/p/locations/us-central1"), job.Parent);
    }

    [Fact]
    public void Indexer_CollectionNotInPattern_Throws()
    {
        var job = Parse(CloudPatterns.Job, "projects/p/locations/l/jobs/j");

        Assert.Throws<InvalidOperationException>(() => job["queues"]);
        Assert.False(job.TryGetId("queues", out _));
    }

    [Fact]
    public void Project_PatternWithoutProjects_Throws()
    {
        var organization = ResourcePattern.Root("organizations", SegmentRules.NonEmpty);
        var path = Parse(organization, "organizations/123");

        Assert.Throws<InvalidOperationException>(() => path.Project);
    }

    [Fact]
    public void Equals_SameNameSamePattern_Equal()
    {
        var parsed = Parse(CloudPatterns.Queue, "projects/p/locations/l/queues/q");
        var created = CloudPatterns.Queue.Create("p", "l", "q");

        Assert.Equal(parsed, created);
        Assert.Equal(parsed.GetHashCode(), created.GetHashCode());
    }

    [Fact]
    public void Equals_SameTextOtherPattern_NotEqual()
    {
        var other = ResourcePattern.Root("projects", SegmentRules.Any)
            .Child("locations", SegmentRules.Any)
            .Child("queues", SegmentRules.Any);

        Assert.NotEqual(Parse(CloudPatterns.Queue, "projects/p/locations/l/queues/q"), Parse(other, "projects/p/locations/l/queues/q"));
    }
}
