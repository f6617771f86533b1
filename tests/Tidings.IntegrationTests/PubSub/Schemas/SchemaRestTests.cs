using System.Net;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.IntegrationTests.Rest;

namespace Tidings.IntegrationTests.PubSub.Schemas;

/// <summary>The schema RPCs in their REST form, as transcoded from the proto's HTTP rules (what gcloud calls).</summary>
public sealed class SchemaRestTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private const string Avro = """{\"type\": \"record\", \"name\": \"S\", \"fields\": [{\"name\": \"a\", \"type\": \"int\"}]}""";

    [Fact]
    public async Task SchemaVerbs_RestPaths_Answer()
    {
        var project = TidingsServerFixture.NewProject();
        var root = $"/v1/projects/{project}/schemas";

        var created = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"{root}?schemaId=sch1", "{\"type\": \"AVRO\", \"definition\": \"" + Avro + "\"}");
        created.AssertStatusOk();
        var revision = created.Json["revisionId"]!.GetValue<string>();
        var got = await RestCall.SendAsync(server.Http, HttpMethod.Get, $"{root}/sch1@{revision}");
        var listed = await RestCall.SendAsync(server.Http, HttpMethod.Get, $"{root}?view=FULL");
        var committed = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"{root}/sch1:commit", "{\"schema\": {\"type\": \"AVRO\", \"definition\": \"" + Avro + "\"}}");
        var rolledBack = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"{root}/sch1:rollback", $$"""{"revisionId": "{{revision}}"}""");
        var revisions = await RestCall.SendAsync(server.Http, HttpMethod.Get, $"{root}/sch1:listRevisions");
        var deletedRevision = await RestCall.SendAsync(server.Http, HttpMethod.Delete, $"{root}/sch1@{revision}:deleteRevision");
        var validated = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"{root}:validate", "{\"schema\": {\"type\": \"AVRO\", \"definition\": \"" + Avro + "\"}}");
        var validMessage = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"{root}:validateMessage",
            $$"""{"name": "projects/{{project}}/schemas/sch1", "encoding": "JSON", "message": "eyJhIjogMX0="}""");
        var invalidMessage = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"{root}:validateMessage",
            $$"""{"name": "projects/{{project}}/schemas/sch1", "encoding": "JSON", "message": "e30="}""");
        var deleted = await RestCall.SendAsync(server.Http, HttpMethod.Delete, $"{root}/sch1");

        Assert.Equal("AVRO", created.Json["type"]!.GetValue<string>());
        Assert.Equal($"projects/{project}/schemas/sch1@{revision}", got.Json["name"]!.GetValue<string>());
        Assert.NotNull(listed.Json["schemas"]![0]!["definition"]);
        committed.AssertStatusOk();
        rolledBack.AssertStatusOk();
        Assert.Equal(3, revisions.Json["schemas"]!.AsArray().Count);
        deletedRevision.AssertStatusOk();
        validated.AssertOk("{}");
        validMessage.AssertOk("{}");
        Assert.Equal(HttpStatusCode.BadRequest, invalidMessage.Status);
        Assert.Equal("INVALID_ARGUMENT", invalidMessage.Json["error"]!["status"]!.GetValue<string>());
        Assert.Equal("INVALID_JSON_AVRO_MESSAGE", invalidMessage.Json["error"]!["details"]![0]!["reason"]!.GetValue<string>());
        deleted.AssertOk("{}");
    }
}
