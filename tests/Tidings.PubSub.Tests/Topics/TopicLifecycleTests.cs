using Tidings.Kernel.Errors;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Topics;

/// <summary>Create, get, update and delete of topics, with Google's ALREADY_EXISTS and NOT_FOUND texts.</summary>
public sealed class TopicLifecycleTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public void CreateTopic_NewName_CanBeGot()
    {
        var created = _harness.CreateTopic("orders");

        var got = Broker.GetTopic("projects/p/topics/orders");

        Assert.Same(created, got);
        Assert.Equal("projects/p/topics/orders", got.Name.FullName);
        Assert.False(got.IsDeleted);
    }

    [Fact]
    public void CreateTopic_ExistingName_ThrowsAlreadyExistsWithGoogleText()
    {
        _harness.CreateTopic("orders");

        PubSubAssert.Throws(ErrorCode.AlreadyExists, "Resource already exists in the project (resource=orders).",
            () => _harness.CreateTopic("orders"));
    }

    [Fact]
    public void CreateTopic_SameIdInAnotherProject_IsADifferentTopic()
    {
        _harness.CreateTopic("orders");

        var other = Broker.CreateTopic("projects/q/topics/orders", new TopicSettings());

        Assert.Equal("q", other.Name.Project);
    }

    [Fact]
    public void CreateTopic_InvalidName_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Invalid [topics] name: (name=projects/p/topics/1abc)",
            () => Broker.CreateTopic("projects/p/topics/1abc", new TopicSettings()));
    }

    [Fact]
    public void GetTopic_Missing_ThrowsNotFoundWithGoogleText()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=missing).",
            () => Broker.GetTopic("projects/p/topics/missing"));
    }

    [Fact]
    public void GetTopic_InvalidName_ValidatedBeforeExistence()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => Broker.GetTopic("projects/p/topics/no"));
    }

    [Fact]
    public void DeleteTopic_Existing_IsGone()
    {
        _harness.CreateTopic("orders");

        Broker.DeleteTopic("projects/p/topics/orders");

        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=orders).", () => Broker.GetTopic("projects/p/topics/orders"));
    }

    [Fact]
    public void DeleteTopic_Missing_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=orders).", () => Broker.DeleteTopic("projects/p/topics/orders"));
    }

    [Fact]
    public void DeleteTopic_WithoutSubscriptions_DeletesItsLog()
    {
        var topic = _harness.CreateTopic("orders");

        Broker.DeleteTopic("projects/p/topics/orders");

        Assert.Null(_harness.Store.FindLog(topic.Log.LogId));
    }

    [Fact]
    public void CreateTopic_AfterDelete_GetsANewLog()
    {
        var first = _harness.CreateTopic("orders");
        Broker.DeleteTopic("projects/p/topics/orders");

        var second = _harness.CreateTopic("orders");

        Assert.NotEqual(first.Log.LogId, second.Log.LogId);
    }

    [Fact]
    public void UpdateTopic_Labels_Replaced()
    {
        _harness.CreateTopic("orders");

        Broker.UpdateTopic("projects/p/topics/orders", settings => settings with { Labels = new Dictionary<string, string> { ["env"] = "test" } });

        Assert.Equal("test", Broker.GetTopic("projects/p/topics/orders").Settings.Labels["env"]);
    }

    [Fact]
    public void UpdateTopic_Missing_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, () => Broker.UpdateTopic("projects/p/topics/orders", settings => settings));
    }

    [Theory]
    [InlineData(600)]
    [InlineData(31 * 24 * 3600)]
    public void CreateTopic_RetentionWithinBounds_Accepted(int seconds)
    {
        var topic = Broker.CreateTopic("projects/p/topics/orders", new TopicSettings { MessageRetentionDuration = TimeSpan.FromSeconds(seconds) });

        Assert.Equal(TimeSpan.FromSeconds(seconds), topic.Settings.MessageRetentionDuration);
    }

    [Theory]
    [InlineData(599)]
    [InlineData(31 * 24 * 3600 + 1)]
    public void CreateTopic_RetentionOutOfBounds_ThrowsInvalidArgument(int seconds)
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            $"The value for message_retention_duration is out of range. You passed {seconds}s in the request, but it must be between 600s and 2678400s.",
            () => Broker.CreateTopic("projects/p/topics/orders", new TopicSettings { MessageRetentionDuration = TimeSpan.FromSeconds(seconds) }));
        PubSubAssert.Throws(ErrorCode.NotFound, () => Broker.GetTopic("projects/p/topics/orders"));
    }

    [Fact]
    public void UpdateTopic_RetentionOutOfBounds_ThrowsAndKeepsSettings()
    {
        _harness.CreateTopic("orders");

        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            () => Broker.UpdateTopic("projects/p/topics/orders", settings => settings with { MessageRetentionDuration = TimeSpan.FromSeconds(1) }));

        Assert.Null(Broker.GetTopic("projects/p/topics/orders").Settings.MessageRetentionDuration);
    }

    public void Dispose() => _harness.Dispose();
}
