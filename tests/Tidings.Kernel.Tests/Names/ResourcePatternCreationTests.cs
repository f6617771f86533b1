using Tidings.Kernel.Names;
using Tidings.Kernel.Tests.Support;

namespace Tidings.Kernel.Tests.Names;

/// <summary>Building names from ids, and building patterns: both refuse what could never parse.</summary>
public sealed class ResourcePatternCreationTests
{
    [Fact]
    public void Create_Ids_FormatsTheNameThatParsesBack()
    {
        var task = CloudPatterns.Task.Create("p", "us-central1", "emails", "t-1");

        Assert.Equal("projects/p/locations/us-central1/queues/emails/tasks/t-1", task.FullName);
        Assert.True(CloudPatterns.Task.TryParse(task.FullName, out var parsed));
        Assert.Equal(task, parsed);
    }

    [Fact]
    public void Create_ChildOfParsedParent_AppendsTheId()
    {
        Assert.True(CloudPatterns.Queue.TryParse("projects/p/locations/l/queues/q", out var queue));

        var task = CloudPatterns.Task.Create(queue, "generated_123");

        Assert.Equal("projects/p/locations/l/queues/q/tasks/generated_123", task.FullName);
        Assert.Equal(queue, task.Parent);
    }

    [Fact]
    public void Create_ParentOfAnotherPattern_Throws()
    {
        var location = CloudPatterns.Location.Create("p", "l");

        Assert.Throws<ArgumentException>(() => CloudPatterns.Task.Create(location, "t"));
    }

    [Fact]
    public void Create_WrongNumberOfIds_Throws()
    {
        Assert.Throws<ArgumentException>(() => CloudPatterns.Queue.Create("p", "l"));
        Assert.Throws<ArgumentException>(() => CloudPatterns.Queue.Create("p", "l", "q", "t"));
    }

    [Theory]
    [InlineData("p", "l", "my_queue")] // breaks the queue rule
    [InlineData("p", "l", "")]
    [InlineData("p", "", "q")]
    [InlineData("p/x", "l", "q")]
    public void Create_InvalidId_Throws(string project, string location, string queue)
    {
        Assert.Throws<ArgumentException>(() => CloudPatterns.Queue.Create(project, location, queue));
    }

    [Fact]
    public void Create_SlashInIdUnderAnyRule_Throws()
    {
        var lenient = ResourcePattern.Root("projects", SegmentRules.Any).Child("topics", SegmentRules.Any);

        Assert.Throws<ArgumentException>(() => lenient.Create("p", "a/b"));
    }

    [Fact]
    public void Template_NamesEveryLevel()
    {
        Assert.Equal("projects/*/locations/*/queues/*/tasks/*", CloudPatterns.Task.Template);
        Assert.Equal("projects/*/locations/*/jobs/*", CloudPatterns.Job.ToString());
        Assert.Equal("tasks", CloudPatterns.Task.Collection);
        Assert.Equal(4, CloudPatterns.Task.Depth);
        Assert.Same(CloudPatterns.Queue, CloudPatterns.Task.Parent);
        Assert.Null(CloudPatterns.Project.Parent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("queues/tasks")]
    public void Child_CollectionNotOneSegment_Throws(string collection)
    {
        Assert.Throws<ArgumentException>(() => CloudPatterns.Location.Child(collection, SegmentRules.NonEmpty));
    }
}
