using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using Tidings.PubSub.Errors;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>What a CreateTopic request asks for, as domain settings; features Tidings lacks are refused.</summary>
public sealed class TopicToSettingsTests
{
    [Fact]
    public void ToSettings_EmptyRequest_HasTheDomainDefaults()
    {
        var settings = TopicMapping.ToSettings(new Topic { Name = DomainResources.TopicName("t") });

        Assert.Empty(settings.Labels);
        Assert.Equal("", settings.KmsKeyName);
        Assert.Null(settings.MessageRetentionDuration);
        Assert.Null(settings.MessageStoragePolicy);
    }

    [Fact]
    public void ToSettings_EveryField_IsCopied()
    {
        var request = new Topic
        {
            Name = DomainResources.TopicName("t"),
            Labels = { ["team"] = "billing" },
            KmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k",
            MessageRetentionDuration = new Duration { Seconds = 900, Nanos = 500_000_000 },
            MessageStoragePolicy = new MessageStoragePolicy { AllowedPersistenceRegions = { "us-east1" }, EnforceInTransit = true },
        };

        var settings = TopicMapping.ToSettings(request);

        Assert.Equal(new Dictionary<string, string> { ["team"] = "billing" }, settings.Labels);
        Assert.Equal("projects/p/locations/l/keyRings/r/cryptoKeys/k", settings.KmsKeyName);
        Assert.Equal(TimeSpan.FromMilliseconds(900_500), settings.MessageRetentionDuration);
        Assert.Equal(["us-east1"], settings.MessageStoragePolicy!.AllowedPersistenceRegions);
        Assert.True(settings.MessageStoragePolicy.EnforceInTransit);
    }

    [Fact]
    public void ToSettings_LabelsOfTheRequest_AreCopiedNotShared()
    {
        var request = new Topic { Labels = { ["a"] = "1" } };

        var settings = TopicMapping.ToSettings(request);
        request.Labels["b"] = "2";

        Assert.Single(settings.Labels);
    }

    [Fact]
    public void ToSettings_SchemaSettings_AreCopied()
    {
        var settings = TopicMapping.ToSettings(new Topic
        {
            SchemaSettings = new SchemaSettings { Schema = "projects/p/schemas/sch", Encoding = Encoding.Binary, FirstRevisionId = "0a1b2c3d", LastRevisionId = "4e5f6a7b" },
        });

        Assert.Equal(new Tidings.PubSub.Resources.TopicSchemaSettings("projects/p/schemas/sch", Tidings.PubSub.Schemas.SchemaEncoding.Binary, "0a1b2c3d", "4e5f6a7b"), settings.SchemaSettings);
    }

    [Fact]
    public void ToSettings_IngestionDataSourceSettings_AreRefused() =>
        DomainErrorAssert.Throws(PubSubErrors.NotSupportedYet("ingestion_data_source_settings"),
            () => TopicMapping.ToSettings(new Topic { IngestionDataSourceSettings = new IngestionDataSourceSettings() }));

    [Fact]
    public void ToSettings_MessageTransforms_AreRefused() =>
        DomainErrorAssert.Throws(PubSubErrors.NotSupportedYet("message_transforms"),
            () => TopicMapping.ToSettings(new Topic { MessageTransforms = { new MessageTransform() } }));
}
