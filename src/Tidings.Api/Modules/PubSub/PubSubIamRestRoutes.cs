using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.Api.Rest;
using Tidings.Kernel.Errors;
using Tidings.Kernel.Iam;
using Tidings.PubSub;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// <c>GET /v1/{resource=projects/*/{topics|subscriptions|snapshots|schemas}/*}:getIamPolicy</c>, Pub/Sub's own
/// binding of GetIamPolicy (its service config), which gcloud calls with <c>options.requestedPolicyVersion</c> in the
/// query. The IAM file's generic binding, <c>POST …:getIamPolicy</c>, is transcoded; this one is not in any proto.
/// </summary>
internal static class PubSubIamRestRoutes
{
    private static readonly string[] Collections = ["topics", "subscriptions", "snapshots", "schemas"];

    /// <summary>The query's names for the requested version: JSON, proto, and apitools' flattened spelling.</summary>
    private static readonly string[] VersionParameters = ["options.requestedPolicyVersion", "options.requested_policy_version", "options_requestedPolicyVersion"];

    public static IEndpointRouteBuilder MapPubSubIamRest(this IEndpointRouteBuilder endpoints)
    {
        foreach (var collection in Collections)
        {
            endpoints.MapGet($"/v1/projects/{{project}}/{collection}/{{id}}:getIamPolicy", (string project, string id, HttpRequest request, PubSubBroker broker) =>
                Answer(() => PubSubIamPolicyService.Get(broker, $"projects/{project}/{collection}/{id}", RequestedVersion(request))));
        }
        return endpoints;
    }

    private static IResult Answer(Func<Google.Protobuf.IMessage> call)
    {
        try
        {
            return new RestMessageResult(call());
        }
        catch (TidingsException error)
        {
            return new RestErrorResult(error);
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
