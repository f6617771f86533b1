using Tidings.Kernel.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Names;

/// <summary>Google's id rules (§1.2): a letter first, [A-Za-z0-9-_.~+%], 3–255 characters, no <c>goog</c> prefix.</summary>
public sealed class ResourceNameTests
{
    [Theory]
    [InlineData("projects/p/topics/abc")]
    [InlineData("projects/my-project/topics/Orders")]
    [InlineData("projects/p/topics/a-b_c.d~e+f%20")]
    [InlineData("projects/p/topics/GoogTopic")] // the emulator's goog check is case-sensitive
    [InlineData("projects/p/topics/topic9")]
    public void Parse_ValidTopicName_ReturnsParts(string fullName)
    {
        var name = ResourceName.Parse(ResourceKind.Topic, fullName);

        Assert.Equal(fullName, name.FullName);
        Assert.Equal(fullName.Split('/')[1], name.Project);
        Assert.Equal(fullName.Split('/')[3], name.Id);
        Assert.Same(ResourceKind.Topic, name.Kind);
    }

    [Fact]
    public void Parse_IdOf3And255Characters_Accepted()
    {
        Assert.Equal("abc", ResourceName.Parse(ResourceKind.Topic, "projects/p/topics/abc").Id);
        var longest = "a" + new string('b', 254);
        Assert.Equal(longest, ResourceName.Parse(ResourceKind.Topic, $"projects/p/topics/{longest}").Id);
    }

    [Fact]
    public void Parse_EmptyProject_Accepted()
    {
        var name = ResourceName.Parse(ResourceKind.Topic, "projects//topics/abc");

        Assert.Equal("", name.Project);
        Assert.Equal("projects//topics/abc", name.FullName);
        Assert.Equal("projects/", name.ProjectName);
    }

    [Theory]
    [InlineData("projects/p/topics/1abc")] // starts with a digit
    [InlineData("projects/p/topics/_abc")] // starts with a symbol
    [InlineData("projects/p/topics/googTopic")] // reserved prefix
    [InlineData("projects/p/topics/goog")]
    [InlineData("projects/p/topics/ab")] // too short
    [InlineData("projects/p/topics/")] // empty id
    [InlineData("projects/p/topics/ab*c")] // bad character
    [InlineData("projects/p/topics/ab c")]
    [InlineData("projects/p/topics/abç")] // non-ASCII letter
    [InlineData("projects/p/subscriptions/abc")] // wrong collection
    [InlineData("project/p/topics/abc")] // wrong first segment
    [InlineData("projects/p/topics")] // too few segments
    [InlineData("projects/p/topics/abc/extra")] // too many segments
    [InlineData("abc")]
    [InlineData("")]
    public void Parse_InvalidTopicName_ThrowsInvalidArgumentWithGoogleText(string fullName)
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, $"Invalid [topics] name: (name={fullName})",
            () => ResourceName.Parse(ResourceKind.Topic, fullName));
    }

    [Fact]
    public void Parse_IdOf256Characters_ThrowsInvalidArgument()
    {
        var fullName = "projects/p/topics/a" + new string('b', 255);

        PubSubAssert.Throws(ErrorCode.InvalidArgument, $"Invalid [topics] name: (name={fullName})",
            () => ResourceName.Parse(ResourceKind.Topic, fullName));
    }

    [Fact]
    public void Parse_NullName_ThrowsWithEmptyName()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Invalid [topics] name: (name=)",
            () => ResourceName.Parse(ResourceKind.Topic, null));
    }

    [Fact]
    public void Parse_InvalidSubscriptionName_NamesTheSubscriptionsCollection()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Invalid [subscriptions] name: (name=projects/p/topics/abc)",
            () => ResourceName.Parse(ResourceKind.Subscription, "projects/p/topics/abc"));
    }

    [Theory]
    [InlineData("projects/p", "p")]
    [InlineData("projects/", "")]
    public void ParseProject_ValidName_ReturnsProjectId(string projectName, string expected)
    {
        Assert.Equal(expected, ResourceName.ParseProject(projectName));
    }

    [Theory]
    [InlineData("p")]
    [InlineData("projects/p/topics")]
    [InlineData("project/p")]
    public void ParseProject_InvalidName_ThrowsInvalidArgument(string projectName)
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, $"Invalid [projects] name: (name={projectName})",
            () => ResourceName.ParseProject(projectName));
    }
}
