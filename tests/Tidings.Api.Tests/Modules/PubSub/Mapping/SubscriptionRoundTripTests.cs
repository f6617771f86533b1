using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using ProtoPushConfig = Google.Cloud.PubSub.V1.PushConfig;
using ProtoSubscription = Google.Cloud.PubSub.V1.Subscription;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>A subscription created from a request reads back as that request, plus what Google fills in.</summary>
public sealed class SubscriptionRoundTripTests : IDisposable
{
    private readonly DomainResources _resources = new();

    public SubscriptionRoundTripTests()
    {
        _resources.CreateTopic("orders");
        _resources.CreateTopic("dead");
    }

    private ProtoSubscription CreateThenGet(ProtoSubscription request) =>
        SubscriptionMapping.ToProto(_resources.Broker.CreateSubscription(request.Name, SubscriptionMapping.ToSettings(request)));

    [Fact]
    public void CreateThenGet_EverySupportedField_ComesBackUnchanged()
    {
        var request = new ProtoSubscription
        {
            Name = DomainResources.SubscriptionName("round"),
            Topic = DomainResources.TopicName("orders"),
            PushConfig = new ProtoPushConfig
            {
                PushEndpoint = "https://example.com/push",
                Attributes = { ["x-goog-version"] = "v1", ["team"] = "billing" },
                OidcToken = new() { ServiceAccountEmail = "pusher@p.iam.gserviceaccount.com", Audience = "https://example.com" },
                NoWrapper = new() { WriteMetadata = true },
            },
            AckDeadlineSeconds = 45,
            RetainAckedMessages = true,
            MessageRetentionDuration = new Duration { Seconds = 5400, Nanos = 500_000_000 },
            Labels = { ["tier"] = "gold" },
            ExpirationPolicy = new() { Ttl = new Duration { Seconds = 1_209_600 } },
            DeadLetterPolicy = new() { DeadLetterTopic = DomainResources.TopicName("dead"), MaxDeliveryAttempts = 12 },
            RetryPolicy = new() { MinimumBackoff = new Duration { Seconds = 2, Nanos = 250_000_000 }, MaximumBackoff = new Duration { Seconds = 120 } },
        };

        var answered = CreateThenGet(request);

        var expected = request.Clone();
        expected.State = ProtoSubscription.Types.State.Active;
        Assert.Equal(expected, answered);
    }

    [Fact]
    public void CreateThenGet_MinimalRequest_ComesBackWithGooglesDefaults()
    {
        var answered = CreateThenGet(new ProtoSubscription { Name = DomainResources.SubscriptionName("minimal"), Topic = DomainResources.TopicName("orders") });

        Assert.Equal(10, answered.AckDeadlineSeconds);
        Assert.Equal(new Duration { Seconds = 604_800 }, answered.MessageRetentionDuration);
        Assert.Equal(new Duration { Seconds = 2_678_400 }, answered.ExpirationPolicy.Ttl);
        Assert.Equal(new ProtoPushConfig(), answered.PushConfig);
    }

    [Fact]
    public void CreateThenGet_PushWithoutVersion_ComesBackWithTheVersionAttribute()
    {
        var answered = CreateThenGet(new ProtoSubscription
        {
            Name = DomainResources.SubscriptionName("versioned"),
            Topic = DomainResources.TopicName("orders"),
            PushConfig = new ProtoPushConfig { PushEndpoint = "https://example.com/push" },
        });

        Assert.Equal("v1", answered.PushConfig.Attributes["x-goog-version"]);
        Assert.NotNull(answered.PushConfig.PubsubWrapper);
    }

    public void Dispose() => _resources.Dispose();
}
