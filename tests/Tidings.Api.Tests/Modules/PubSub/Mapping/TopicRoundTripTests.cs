using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using ProtoStoragePolicy = Google.Cloud.PubSub.V1.MessageStoragePolicy;
using ProtoTopic = Google.Cloud.PubSub.V1.Topic;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>A topic created from a request reads back as that request, plus the output-only state.</summary>
public sealed class TopicRoundTripTests : IDisposable
{
    private readonly DomainResources _resources = new();

    [Fact]
    public void CreateThenGet_EveryKeptField_ComesBackUnchanged()
    {
        var request = new ProtoTopic
        {
            Name = DomainResources.TopicName("round"),
            Labels = { ["team"] = "billing", ["tier"] = "gold" },
            KmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k",
            MessageRetentionDuration = new Duration { Seconds = 7200, Nanos = 250_000_000 },
            MessageStoragePolicy = new ProtoStoragePolicy { AllowedPersistenceRegions = { "europe-west1" }, EnforceInTransit = true },
        };

        var topic = _resources.Broker.CreateTopic(request.Name, TopicMapping.ToSettings(request));
        var answered = TopicMapping.ToProto(topic);

        var expected = request.Clone();
        expected.State = ProtoTopic.Types.State.Active;
        Assert.Equal(expected, answered);
    }

    public void Dispose() => _resources.Dispose();
}
