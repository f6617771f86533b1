using Google.Cloud.PubSub.V1;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.PubSub.Resources;
using PushConfig = Google.Cloud.PubSub.V1.PushConfig;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>A push config from the wire: an endpoint makes it push, and Google's version attribute is always there.</summary>
public sealed class PushConfigToDomainTests
{
    [Fact]
    public void ToDomain_Null_IsPull() => Assert.Null(SubscriptionMapping.ToDomain(null));

    [Fact]
    public void ToDomain_NoEndpoint_IsPullWhateverElseItCarries() =>
        Assert.Null(SubscriptionMapping.ToDomain(new PushConfig { Attributes = { ["a"] = "b" }, NoWrapper = new() }));

    [Fact]
    public void ToDomain_EndpointOnly_IsWrappedPushWithTheVersionAttribute()
    {
        var config = SubscriptionMapping.ToDomain(new PushConfig { PushEndpoint = "https://example.com/push" })!;

        Assert.Equal("https://example.com/push", config.PushEndpoint);
        Assert.Equal(new Dictionary<string, string> { ["x-goog-version"] = "v1" }, config.Attributes);
        Assert.Null(config.OidcToken);
        Assert.Null(config.NoWrapper);
    }

    [Fact]
    public void ToDomain_VersionGiven_KeepsTheCallersVersion()
    {
        var config = SubscriptionMapping.ToDomain(new PushConfig
        {
            PushEndpoint = "https://example.com/push",
            Attributes = { ["x-goog-version"] = "v1beta1", ["team"] = "billing" },
        })!;

        Assert.Equal(new Dictionary<string, string> { ["x-goog-version"] = "v1beta1", ["team"] = "billing" }, config.Attributes);
    }

    [Fact]
    public void ToDomain_OidcToken_KeepsAccountAndAudience()
    {
        var config = SubscriptionMapping.ToDomain(new PushConfig
        {
            PushEndpoint = "https://example.com/push",
            OidcToken = new PushConfig.Types.OidcToken { ServiceAccountEmail = "pusher@p.iam.gserviceaccount.com", Audience = "aud" },
        })!;

        Assert.Equal(new OidcToken("pusher@p.iam.gserviceaccount.com", "aud"), config.OidcToken);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ToDomain_NoWrapper_KeepsWriteMetadata(bool writeMetadata)
    {
        var config = SubscriptionMapping.ToDomain(new PushConfig
        {
            PushEndpoint = "https://example.com/push",
            NoWrapper = new PushConfig.Types.NoWrapper { WriteMetadata = writeMetadata },
        })!;

        Assert.Equal(new NoWrapper(writeMetadata), config.NoWrapper);
    }

    [Fact]
    public void ToDomain_ExplicitPubsubWrapper_IsTheWrappedForm() =>
        Assert.Null(SubscriptionMapping.ToDomain(new PushConfig { PushEndpoint = "https://example.com/push", PubsubWrapper = new() })!.NoWrapper);
}
