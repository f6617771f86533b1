using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using Tidings.PubSub.Resources;
using ProtoTopic = Google.Cloud.PubSub.V1.Topic;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>A domain topic as the API answers it: every kept field, and unset ones left at their proto default.</summary>
public sealed class TopicToProtoTests : IDisposable
{
    private readonly DomainResources _resources = new();

    [Fact]
    public void ToProto_DefaultTopic_HasOnlyNameAndActiveState()
    {
        var proto = TopicMapping.ToProto(_resources.CreateTopic("plain"));

        var expected = new ProtoTopic { Name = DomainResources.TopicName("plain"), State = ProtoTopic.Types.State.Active };
        Assert.Equal(expected, proto);
    }

    [Fact]
    public void ToProto_EverySetting_IsCopied()
    {
        var settings = new TopicSettings
        {
            Labels = new Dictionary<string, string> { ["team"] = "billing", ["env"] = "prod" },
            KmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k",
            MessageRetentionDuration = TimeSpan.FromHours(36),
            MessageStoragePolicy = new MessageStoragePolicy(["europe-west1", "europe-west4"], EnforceInTransit: true),
        };

        var proto = TopicMapping.ToProto(_resources.CreateTopic("full", settings));

        Assert.Equal(DomainResources.TopicName("full"), proto.Name);
        Assert.Equal(settings.Labels, proto.Labels);
        Assert.Equal(settings.KmsKeyName, proto.KmsKeyName);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromHours(36)), proto.MessageRetentionDuration);
        Assert.Equal(["europe-west1", "europe-west4"], proto.MessageStoragePolicy.AllowedPersistenceRegions);
        Assert.True(proto.MessageStoragePolicy.EnforceInTransit);
        Assert.Equal(ProtoTopic.Types.State.Active, proto.State);
        Assert.False(proto.SatisfiesPzs);
        Assert.Null(proto.SchemaSettings);
        Assert.Null(proto.IngestionDataSourceSettings);
        Assert.Empty(proto.MessageTransforms);
    }

    public void Dispose() => _resources.Dispose();
}
