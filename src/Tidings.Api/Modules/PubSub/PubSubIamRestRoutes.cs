using System.Globalization;
using System.Text.Json.Nodes;
using Google.Cloud.Iam.V1;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.Api.Errors;
using Tidings.Api.Rest;
using Tidings.Kernel.Errors;
using Tidings.Kernel.Iam;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.Storage.Messages;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// IAMPolicy's REST form for Pub/Sub, written by hand rather than transcoded: the IAM file's rules,
/// <c>POST /v1/{resource=**}:getIamPolicy</c> and its kin, become a route that matches every <c>/v1/…</c> path, which
/// would turn every other method on an unknown path into 405 instead of Google's 404. These routes are Pub/Sub's
/// own bindings (its service config): <c>POST …:setIamPolicy</c>, <c>POST …:testIamPermissions</c>, and
/// GetIamPolicy as both <c>POST</c> (the Node client's REST mode, from the IAM file) and <c>GET</c> with
/// <c>options.requestedPolicyVersion</c> in the query (gcloud), on topics, subscriptions, snapshots and schemas.
/// </summary>
internal static class PubSubIamRestRoutes
{
    private static readonly string[] Collections = ["topics", "subscriptions", "snapshots", "schemas"];

    /// <summary>The query's names for the requested version: JSON, proto, and apitools' flattened spelling.</summary>
    private static readonly string[] VersionParameters = ["options.requestedPolicyVersion", "options.requested_policy_version", "options_requestedPolicyVersion"];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static IEndpointRouteBuilder MapPubSubIamRest(this IEndpointRouteBuilder endpoints)
    {
        foreach (var collection in Collections)
        {
            var path = $"/v1/projects/{{project}}/{collection}/{{id}}";
            endpoints.MapGet($"{path}:getIamPolicy", (string project, string id, HttpRequest request, PubSubCells cells) =>
                AnswerAsync(request, () => Task.FromResult<IMessage>(PubSubIamPolicyService.Get(cells, new GetIamPolicyRequest
                {
                    Resource = $"projects/{project}/{collection}/{id}",
                    Options = new GetPolicyOptions { RequestedPolicyVersion = RequestedVersion(request) },
                }))));
            endpoints.MapPost($"{path}:getIamPolicy", (string project, string id, HttpRequest request, PubSubCells cells) =>
                AnswerAsync(request, async () =>
                {
                    var body = await ReadAsync<GetIamPolicyRequest>(request).ConfigureAwait(false);
                    body.Resource = $"projects/{project}/{collection}/{id}";
                    return PubSubIamPolicyService.Get(cells, body);
                }));
            endpoints.MapPost($"{path}:setIamPolicy", (string project, string id, HttpRequest request, PubSubCells cells) =>
                AnswerAsync(request, async () =>
                {
                    var body = await ReadAsync<SetIamPolicyRequest>(request).ConfigureAwait(false);
                    body.Resource = $"projects/{project}/{collection}/{id}";
                    return PubSubIamPolicyService.Set(cells, body);
                }));
            endpoints.MapPost($"{path}:testIamPermissions", (string project, string id, HttpRequest request, PubSubCells cells) =>
                AnswerAsync(request, async () =>
                {
                    var body = await ReadAsync<TestIamPermissionsRequest>(request).ConfigureAwait(false);
                    body.Resource = $"projects/{project}/{collection}/{id}";
                    return PubSubIamPolicyService.Test(cells, body);
                }));
        }
        return endpoints;
    }

    /// <summary>The call's answer, or its error in Google's shape (storage failures as the gRPC interceptor maps them).</summary>
    private static async Task<IResult> AnswerAsync(HttpRequest request, Func<Task<IMessage>> call)
    {
        try
        {
            return new RestMessageResult(await call().ConfigureAwait(false), integerEnums: RestEnumEncodingMiddleware.AsksForIntegerEnums(request.Query));
        }
        catch (TidingsException error)
        {
            return new RestErrorResult(error);
        }
        catch (StorageFullException full)
        {
            return new RestErrorResult(ApiErrors.StorageFull(full));
        }
        catch (StorageFailedException failed)
        {
            return new RestErrorResult(ApiErrors.StorageFailed(failed));
        }
    }

    /// <summary>The body as the request message (either field naming, in masks too); an empty body is an empty request.</summary>
    private static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : IMessage<T>, new()
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(json))
        {
            return new T();
        }
        try
        {
            // Field masks with proto field names (update_mask "audit_configs"), and the etag in URL-safe base64, which
            // gcloud sends (apitools encodes bytes so) and proto3 JSON allows, but Google.Protobuf's parser refuses.
            if (JsonNode.Parse(json) is JsonObject fields
                && (FieldMaskPaths.Rewrite(fields, new T().Descriptor) | RestBase64Middleware.Rewrite(fields, new T().Descriptor)))
            {
                json = fields.ToJsonString();
            }
            return Parser.Parse<T>(json);
        }
        catch (Exception exception) when (exception is InvalidJsonException or InvalidProtocolBufferException or FormatException or System.Text.Json.JsonException)
        {
            throw ApiErrors.InvalidJsonBody();
        }
    }

    private static int RequestedVersion(HttpRequest request)
    {
        foreach (var parameter in VersionParameters)
        {
            if (request.Query.TryGetValue(parameter, out var value) && !string.IsNullOrEmpty(value))
            {
                return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version)
                    ? version
                    : throw IamErrors.InvalidRequestedPolicyVersion(value.ToString());
            }
        }
        return 0;
    }
}
