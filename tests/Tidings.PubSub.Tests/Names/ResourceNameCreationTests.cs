using Tidings.PubSub.Names;

namespace Tidings.PubSub.Tests.Names;

/// <summary>Names Tidings makes itself (server-assigned subscriptions) follow the same kernel pattern as parsed ones.</summary>
public sealed class ResourceNameCreationTests
{
    [Fact]
    public void Create_ValidId_EqualsTheParsedName()
    {
        var created = ResourceName.Create(ResourceKind.Subscription, "p", "tidings-0123456789abcdef");

        Assert.Equal("projects/p/subscriptions/tidings-0123456789abcdef", created.FullName);
        Assert.Equal("projects/p", created.ProjectName);
        Assert.Equal(ResourceName.Parse(ResourceKind.Subscription, created.FullName), created);
        Assert.Same(ResourceKind.Subscription.Pattern, created.Path.Pattern);
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("googThing")]
    [InlineData("a/b/c")]
    public void Create_InvalidId_Throws(string id)
    {
        Assert.Throws<ArgumentException>(() => ResourceName.Create(ResourceKind.Topic, "p", id));
    }

    [Fact]
    public void Kinds_ShareTheProjectPattern()
    {
        Assert.Equal("projects/*/topics/*", ResourceKind.Topic.Pattern.Template);
        Assert.Same(ResourceKind.Topic.Pattern.Parent, ResourceKind.Subscription.Pattern.Parent);
        Assert.Equal("subscriptions", ResourceKind.Subscription.Collection);
    }
}
