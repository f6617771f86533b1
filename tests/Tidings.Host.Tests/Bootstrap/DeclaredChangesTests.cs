using System.Text.Json.Nodes;
using Google.Cloud.PubSub.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tidings.Bootstrap;

namespace Tidings.Host.Tests.Bootstrap;

/// <summary>Only what a declaration writes is compared, to the leaves; the server's defaults are no change.</summary>
public sealed class DeclaredChangesTests
{
    [Fact]
    public void Find_SameDeclaredValues_ServerDefaultsAround_NoChange()
    {
        var json = Json("""{"name":"q","retryConfig":{"maxAttempts":5},"rateLimits":{"maxDispatchesPerSecond":10}}""");
        var current = new Queue
        {
            Name = "q",
            State = Queue.Types.State.Running,
            RetryConfig = new RetryConfig { MaxAttempts = 5, MinBackoff = Duration.FromTimeSpan(TimeSpan.FromSeconds(0.1)), MaxDoublings = 16 },
            RateLimits = new RateLimits { MaxDispatchesPerSecond = 10, MaxBurstSize = 100, MaxConcurrentDispatches = 1000 },
        };

        Assert.Empty(DeclaredChanges.Find(json, Parse<Queue>(json), current));
    }

    [Fact]
    public void Find_NestedLeafDiffers_NamesTheTopLevelField()
    {
        var json = Json("""{"name":"q","retryConfig":{"maxAttempts":5},"rateLimits":{"maxDispatchesPerSecond":10}}""");
        var current = new Queue
        {
            Name = "q",
            RetryConfig = new RetryConfig { MaxAttempts = 7 },
            RateLimits = new RateLimits { MaxDispatchesPerSecond = 10 },
        };

        Assert.Equal(["retry_config"], DeclaredChanges.Find(json, Parse<Queue>(json), current));
    }

    [Fact]
    public void Find_ScalarsMapsAndDurations_ComparedByValue()
    {
        var json = Json("""{"name":"s","topic":"t","ackDeadlineSeconds":30,"labels":{"a":"b"},"messageRetentionDuration":"600s"}""");
        var same = new Subscription
        {
            Name = "s",
            Topic = "t",
            AckDeadlineSeconds = 30,
            Labels = { ["a"] = "b" },
            MessageRetentionDuration = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
            ExpirationPolicy = new ExpirationPolicy { Ttl = Duration.FromTimeSpan(TimeSpan.FromDays(31)) },
        };
        var different = same.Clone();
        different.Topic = "other";
        different.AckDeadlineSeconds = 10;
        different.Labels["a"] = "c";
        different.MessageRetentionDuration = Duration.FromTimeSpan(TimeSpan.FromDays(7));

        Assert.Empty(DeclaredChanges.Find(json, Parse<Subscription>(json), same));
        Assert.Equal(
            ["topic", "ack_deadline_seconds", "labels", "message_retention_duration"],
            DeclaredChanges.Find(json, Parse<Subscription>(json), different));
    }

    [Fact]
    public void Find_EmptyObjectDeclared_ComparedAsAWhole()
    {
        // "pushConfig: {}" declares a pull subscription: a push endpoint in place is a change.
        var json = Json("""{"name":"s","pushConfig":{}}""");
        var push = new Subscription { Name = "s", PushConfig = new PushConfig { PushEndpoint = "http://x/" } };
        var pull = new Subscription { Name = "s", PushConfig = new PushConfig() };

        Assert.Equal(["push_config"], DeclaredChanges.Find(json, Parse<Subscription>(json), push));
        Assert.Empty(DeclaredChanges.Find(json, Parse<Subscription>(json), pull));
    }

    [Fact]
    public void Find_ProtoFieldNamesAccepted_AsTheParserAcceptsThem()
    {
        var json = Json("""{"name":"s","ack_deadline_seconds":20}""");

        Assert.Equal(["ack_deadline_seconds"], DeclaredChanges.Find(json, Parse<Subscription>(json), new Subscription { Name = "s", AckDeadlineSeconds = 10 }));
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static T Parse<T>(JsonObject json)
        where T : IMessage, new() => JsonParser.Default.Parse<T>(json.ToJsonString());
}
