using System.Text.Json.Nodes;
using Google.Cloud.PubSub.V1;
using Tidings.Api.Rest;

namespace Tidings.Api.Tests.Rest;

/// <summary>Field-mask paths written with proto field names become the JSON names transcoding reads.</summary>
public sealed class FieldMaskPathsTests
{
    [Theory]
    [InlineData("ack_deadline_seconds", "ackDeadlineSeconds")]
    [InlineData("ack_deadline_seconds,labels", "ackDeadlineSeconds,labels")]
    [InlineData("push_config.push_endpoint", "pushConfig.pushEndpoint")]
    [InlineData("ackDeadlineSeconds,labels", "ackDeadlineSeconds,labels")]
    [InlineData("", "")]
    public void ToJsonPaths_ProtoOrJsonNames_AreJsonNames(string paths, string expected) =>
        Assert.Equal(expected, FieldMaskPaths.ToJsonPaths(paths));

    [Fact]
    public void CanHoldFieldMask_UpdateRequests_AreTheOnlyPubSubRequestsThatCan()
    {
        Assert.True(FieldMaskPaths.CanHoldFieldMask(UpdateSubscriptionRequest.Descriptor));
        Assert.True(FieldMaskPaths.CanHoldFieldMask(UpdateTopicRequest.Descriptor));
        Assert.False(FieldMaskPaths.CanHoldFieldMask(PublishRequest.Descriptor));
        Assert.False(FieldMaskPaths.CanHoldFieldMask(Subscription.Descriptor));
        Assert.False(FieldMaskPaths.CanHoldFieldMask(PullRequest.Descriptor));
    }

    [Fact]
    public void Rewrite_UpdateRequestBody_RewritesTheMaskOnly()
    {
        var json = JsonNode.Parse("""{"subscription":{"name":"n","labels":{"a_b":"c_d"}},"updateMask":"ack_deadline_seconds,labels"}""")!.AsObject();

        Assert.True(FieldMaskPaths.Rewrite(json, UpdateSubscriptionRequest.Descriptor));

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"subscription":{"name":"n","labels":{"a_b":"c_d"}},"updateMask":"ackDeadlineSeconds,labels"}"""), json), json.ToJsonString());
    }

    [Fact]
    public void Rewrite_MaskUnderItsProtoName_IsRewrittenToo()
    {
        var json = JsonNode.Parse("""{"update_mask":"message_retention_duration"}""")!.AsObject();

        Assert.True(FieldMaskPaths.Rewrite(json, UpdateTopicRequest.Descriptor));

        Assert.Equal("messageRetentionDuration", json["update_mask"]!.GetValue<string>());
    }

    [Fact]
    public void Rewrite_MaskAlreadyInJsonNames_ChangesNothing()
    {
        var json = JsonNode.Parse("""{"updateMask":"labels,kmsKeyName"}""")!.AsObject();

        Assert.False(FieldMaskPaths.Rewrite(json, UpdateTopicRequest.Descriptor));
    }

    [Theory]
    [InlineData("updateMask", true)]
    [InlineData("update_mask", true)]
    [InlineData("topic.name", false)]
    [InlineData("updateMask.paths", false)]
    [InlineData("nonsense", false)]
    public void NamesFieldMask_QueryParameter_IsTrueForTheMaskOnly(string parameter, bool expected) =>
        Assert.Equal(expected, FieldMaskPaths.NamesFieldMask(UpdateTopicRequest.Descriptor, parameter));
}
