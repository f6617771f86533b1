using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Resources;
using DomainStoragePolicy = Tidings.PubSub.Resources.MessageStoragePolicy;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>UpdateTopic: exactly the fields the mask names change, each to what the request carries.</summary>
public sealed class TopicUpdateMaskTests
{
    private static readonly TopicSettings Current = new()
    {
        Labels = new Dictionary<string, string> { ["old"] = "1" },
        KmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/old",
        MessageRetentionDuration = TimeSpan.FromDays(1),
        MessageStoragePolicy = new DomainStoragePolicy(["asia-east1"], EnforceInTransit: false),
    };

    private static readonly Topic Requested = new()
    {
        Labels = { ["new"] = "2" },
        KmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/new",
        MessageRetentionDuration = Duration.FromTimeSpan(TimeSpan.FromDays(2)),
        MessageStoragePolicy = new Google.Cloud.PubSub.V1.MessageStoragePolicy { AllowedPersistenceRegions = { "us-west1" }, EnforceInTransit = true },
    };

    [Fact]
    public void ApplyMask_Labels_ReplacesOnlyTheLabels() =>
        SettingsAssert.Equal(Current with { Labels = new Dictionary<string, string> { ["new"] = "2" } }, TopicMapping.ApplyMask(Current, Requested, ["labels"]));

    [Fact]
    public void ApplyMask_KmsKeyName_ReplacesOnlyTheKey() =>
        SettingsAssert.Equal(Current with { KmsKeyName = Requested.KmsKeyName }, TopicMapping.ApplyMask(Current, Requested, ["kms_key_name"]));

    [Fact]
    public void ApplyMask_MessageRetentionDuration_ReplacesOnlyTheRetention() =>
        SettingsAssert.Equal(Current with { MessageRetentionDuration = TimeSpan.FromDays(2) }, TopicMapping.ApplyMask(Current, Requested, ["message_retention_duration"]));

    [Fact]
    public void ApplyMask_MessageRetentionDurationUnsetInRequest_ClearsIt() =>
        Assert.Null(TopicMapping.ApplyMask(Current, new Topic(), ["message_retention_duration"]).MessageRetentionDuration);

    [Fact]
    public void ApplyMask_MessageStoragePolicy_ReplacesOnlyThePolicy()
    {
        var updated = TopicMapping.ApplyMask(Current, Requested, ["message_storage_policy"]);

        Assert.Equal(["us-west1"], updated.MessageStoragePolicy!.AllowedPersistenceRegions);
        Assert.True(updated.MessageStoragePolicy.EnforceInTransit);
        SettingsAssert.Equal(Current with { MessageStoragePolicy = updated.MessageStoragePolicy }, updated);
    }

    [Fact]
    public void ApplyMask_MessageStoragePolicyUnsetInRequest_ResetsIt() =>
        Assert.Null(TopicMapping.ApplyMask(Current, new Topic(), ["message_storage_policy"]).MessageStoragePolicy);

    [Fact]
    public void ApplyMask_SeveralPaths_AppliesEach()
    {
        var updated = TopicMapping.ApplyMask(Current, Requested, ["labels", "kms_key_name"]);

        SettingsAssert.Equal(Current with { Labels = new Dictionary<string, string> { ["new"] = "2" }, KmsKeyName = Requested.KmsKeyName }, updated);
    }

    [Fact]
    public void ApplyMask_SchemaSettings_ReplacedOrClearedWhole()
    {
        var requested = new Topic { SchemaSettings = new SchemaSettings { Schema = "projects/p/schemas/sch", Encoding = Encoding.Json } };

        var set = TopicMapping.ApplyMask(Current, requested, ["schema_settings"]);
        var cleared = TopicMapping.ApplyMask(set, new Topic(), ["schema_settings"]);

        Assert.Equal(new TopicSchemaSettings("projects/p/schemas/sch", Tidings.PubSub.Schemas.SchemaEncoding.Json, "", ""), set.SchemaSettings);
        Assert.Null(cleared.SchemaSettings);
    }

    [Fact]
    public void ApplyMask_NestedSchemaSettingsPath_ChangesOnlyThatField()
    {
        var current = Current with { SchemaSettings = new TopicSchemaSettings("projects/p/schemas/sch", Tidings.PubSub.Schemas.SchemaEncoding.Json, "", "") };
        var requested = new Topic { SchemaSettings = new SchemaSettings { FirstRevisionId = "0a1b2c3d", Encoding = Encoding.Binary } };

        var updated = TopicMapping.ApplyMask(current, requested, ["schema_settings.first_revision_id"]);

        Assert.Equal(current.SchemaSettings with { FirstRevisionId = "0a1b2c3d" }, updated.SchemaSettings);
    }

    [Theory]
    [InlineData("ingestion_data_source_settings")]
    [InlineData("message_transforms")]
    public void ApplyMask_SettingAMissingFeature_IsRefused(string path)
    {
        var requested = path switch
        {
            "ingestion_data_source_settings" => new Topic { IngestionDataSourceSettings = new IngestionDataSourceSettings() },
            _ => new Topic { MessageTransforms = { new MessageTransform() } },
        };

        DomainErrorAssert.Throws(PubSubErrors.NotSupportedYet(path), () => TopicMapping.ApplyMask(Current, requested, [path]));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("satisfies_pzs")]
    [InlineData("messageRetentionDuration")]
    [InlineData("nonsense")]
    public void ApplyMask_UnknownOrImmutablePath_IsInvalidArgumentNamingIt(string path) =>
        DomainErrorAssert.Throws(
            new TidingsException(ErrorCode.InvalidArgument, $"Invalid update_mask provided in the UpdateTopicRequest: '{path}' is not a known Topic field. Note that field paths must be of the form 'field' or 'nested.field'."),
            () => TopicMapping.ApplyMask(Current, Requested, [path]));
}
