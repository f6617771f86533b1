using System.Net;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.IntegrationTests.Rest;

namespace Tidings.IntegrationTests.PubSub.Iam;

/// <summary>
/// IAMPolicy's REST form for Pub/Sub: the generic <c>POST …:getIamPolicy|setIamPolicy|testIamPermissions</c> (the
/// Node client's REST mode) and gcloud's <c>GET …:getIamPolicy?options.requestedPolicyVersion=3</c>.
/// </summary>
public sealed class IamPolicyRestTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly string _project = $"projects/{TidingsServerFixture.NewProject()}";

    private Task<RestCall> SendAsync(HttpMethod method, string path, string? json = null) =>
        RestCall.SendAsync(server.Http, method, $"/v1/{path}", json);

    [Fact]
    public async Task SetGetTest_OnTopic_PostAndGetForms()
    {
        var topic = $"{_project}/topics/orders";
        (await SendAsync(HttpMethod.Put, topic, "{}")).AssertStatusOk();

        var empty = await SendAsync(HttpMethod.Get, $"{topic}:getIamPolicy?options.requestedPolicyVersion=3");
        var set = await SendAsync(HttpMethod.Post, $"{topic}:setIamPolicy",
            """{"policy":{"etag":"ACAB","bindings":[{"role":"roles/pubsub.publisher","members":["user:a@example.com"]}]}}""");
        var gotten = await SendAsync(HttpMethod.Get, $"{topic}:getIamPolicy");
        var posted = await SendAsync(HttpMethod.Post, $"{topic}:getIamPolicy", """{"options":{"requestedPolicyVersion":1}}""");
        var tested = await SendAsync(HttpMethod.Post, $"{topic}:testIamPermissions", """{"permissions":["pubsub.topics.publish","pubsub.topics.create"]}""");

        empty.AssertOk("""{"etag":"ACAB"}""");
        set.AssertStatusOk();
        var etag = set.Json["etag"]!.GetValue<string>();
        Assert.NotEqual("ACAB", etag);
        var expected = $$"""{"version":1,"etag":"{{etag}}","bindings":[{"role":"roles/pubsub.publisher","members":["user:a@example.com"]}]}""";
        set.AssertOk(expected);
        gotten.AssertOk(expected);
        posted.AssertOk(expected);
        tested.AssertOk("""{"permissions":["pubsub.topics.publish"]}""");
    }

    [Fact]
    public async Task SetIamPolicy_OnSchema_StaleEtagConflict()
    {
        var schema = $"{_project}/schemas/orders";
        (await SendAsync(HttpMethod.Post, $"{_project}/schemas?schemaId=orders",
            """{"type":"AVRO","definition":"{\"type\":\"record\",\"name\":\"O\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}"}""")).AssertStatusOk();
        (await SendAsync(HttpMethod.Post, $"{schema}:setIamPolicy", """{"policy":{"bindings":[{"role":"roles/pubsub.viewer","members":["group:g@example.com"]}]}}""")).AssertStatusOk();

        var stale = await SendAsync(HttpMethod.Post, $"{schema}:setIamPolicy", """{"policy":{"etag":"ACAB","bindings":[]}}""");

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("ABORTED", stale.Json["error"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetIamPolicy_MissingSubscription_GoogleNotFound()
    {
        var missing = await SendAsync(HttpMethod.Get, $"{_project}/subscriptions/missing:getIamPolicy");

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("Resource not found (resource=missing).", missing.Json["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetIamPolicy_BadRequestedVersion_InvalidArgument()
    {
        var topic = $"{_project}/topics/versions";
        (await SendAsync(HttpMethod.Put, topic, "{}")).AssertStatusOk();

        var two = await SendAsync(HttpMethod.Get, $"{topic}:getIamPolicy?options.requestedPolicyVersion=2");
        var text = await SendAsync(HttpMethod.Get, $"{topic}:getIamPolicy?options.requestedPolicyVersion=three");

        Assert.Equal(HttpStatusCode.BadRequest, two.Status);
        Assert.Equal("Invalid requested_policy_version 2: the valid versions are 0, 1 and 3.", two.Json["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, text.Status);
    }

    [Fact]
    public async Task SetIamPolicy_AuditConfigsWithIntegerEnums_NumbersOnlyWhenAsked()
    {
        var topic = $"{_project}/topics/audited";
        (await SendAsync(HttpMethod.Put, topic, "{}")).AssertStatusOk();

        var set = await SendAsync(HttpMethod.Post, $"{topic}:setIamPolicy?$alt=json%3Benum-encoding=int",
            """{"policy":{"auditConfigs":[{"service":"allServices","auditLogConfigs":[{"logType":"DATA_READ"}]}]},"update_mask":"audit_configs"}""");
        var named = await SendAsync(HttpMethod.Get, $"{topic}:getIamPolicy");

        set.AssertStatusOk();
        Assert.Equal(3, set.Json["auditConfigs"]![0]!["auditLogConfigs"]![0]!["logType"]!.GetValue<int>());
        Assert.Equal("DATA_READ", named.Json["auditConfigs"]![0]!["auditLogConfigs"]![0]!["logType"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetIamPolicy_EtagInUrlSafeBase64_AcceptedAsGcloudSendsIt()
    {
        var topic = $"{_project}/topics/urlsafe";
        (await SendAsync(HttpMethod.Put, topic, "{}")).AssertStatusOk();
        var etag = "";
        // Set until the etag holds a character URL-safe base64 writes differently (each set draws a new random etag).
        while (!etag.Contains('+', StringComparison.Ordinal) && !etag.Contains('/', StringComparison.Ordinal))
        {
            var set = await SendAsync(HttpMethod.Post, $"{topic}:setIamPolicy", """{"policy":{"bindings":[]}}""");
            etag = set.Json["etag"]!.GetValue<string>();
        }
        var urlSafe = etag.Replace('+', '-').Replace('/', '_').TrimEnd('=');

        var accepted = await SendAsync(HttpMethod.Post, $"{topic}:setIamPolicy", $$$"""{"policy":{"etag":"{{{urlSafe}}}","version":1}}""");

        accepted.AssertStatusOk();
        Assert.NotEqual(etag, accepted.Json["etag"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetIamPolicy_BodyNotJson_InvalidArgument()
    {
        var topic = $"{_project}/topics/garbled";
        (await SendAsync(HttpMethod.Put, topic, "{}")).AssertStatusOk();

        var garbled = await SendAsync(HttpMethod.Post, $"{topic}:setIamPolicy", "{\"policy\":");

        Assert.Equal(HttpStatusCode.BadRequest, garbled.Status);
        Assert.Equal("Request JSON payload is not correctly formatted.", garbled.Json["error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/v1/projects/p/unknown/thing:getIamPolicy")]
    [InlineData("/v1/projects/p/topics/t/extra:setIamPolicy")]
    public async Task IamVerbs_OtherPaths_NotFound(string path)
    {
        var answer = await RestCall.SendAsync(server.Http, HttpMethod.Post, path, "{}");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }
}
