using System.Net;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Rest;

/// <summary>
/// An update mask in REST JSON may name fields by their proto names (<c>ack_deadline_seconds</c>), as the Node
/// clients' REST fallback writes it, or by their JSON names (<c>ackDeadlineSeconds</c>), as gcloud and curl users do.
/// </summary>
public sealed class RestFieldMaskTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly string _project = TidingsServerFixture.NewProject();

    private Task<RestCall> SendAsync(HttpMethod method, string path, string? json = null) =>
        RestCall.SendAsync(server.Http, method, $"/v1/projects/{_project}/{path}", json);

    private async Task CreateSubscriptionAsync()
    {
        (await SendAsync(HttpMethod.Put, "topics/orders", "{}")).AssertStatusOk();
        (await SendAsync(HttpMethod.Put, "subscriptions/billing", $$"""{"topic":"projects/{{_project}}/topics/orders"}""")).AssertStatusOk();
    }

    [Theory]
    [InlineData("ack_deadline_seconds,labels")]
    [InlineData("ackDeadlineSeconds,labels")]
    public async Task UpdateSubscription_MaskInEitherNaming_UpdatesTheFields(string mask)
    {
        await CreateSubscriptionAsync();

        var updated = await SendAsync(HttpMethod.Patch, "subscriptions/billing",
            $$"""{"subscription":{"ackDeadlineSeconds":60,"labels":{"tier":"gold"} },"updateMask":"{{mask}}"}""");

        updated.AssertStatusOk();
        Assert.Equal(60, updated.Json["ackDeadlineSeconds"]!.GetValue<int>());
        Assert.Equal("gold", updated.Json["labels"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateTopic_MaskUnderTheProtoFieldName_UpdatesTheField()
    {
        (await SendAsync(HttpMethod.Put, "topics/kept", "{}")).AssertStatusOk();

        var updated = await SendAsync(HttpMethod.Patch, "topics/kept",
            """{"topic":{"messageRetentionDuration":"3600s"},"update_mask":"message_retention_duration"}""");

        updated.AssertStatusOk();
        Assert.Equal("3600s", updated.Json["messageRetentionDuration"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateSubscription_UnknownFieldInTheMask_IsStillRefusedByName()
    {
        await CreateSubscriptionAsync();

        var refused = await SendAsync(HttpMethod.Patch, "subscriptions/billing",
            """{"subscription":{"ackDeadlineSeconds":60},"updateMask":"no_such_field"}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("'no_such_field' is not a known Subscription field", refused.Json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
