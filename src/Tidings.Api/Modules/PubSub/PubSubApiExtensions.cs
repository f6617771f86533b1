using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Tidings.Api.Modules.PubSub;

/// <summary>Maps Google's Pub/Sub API (gRPC and its REST form) over the engine that <c>AddPubSub()</c> registers.</summary>
public static class PubSubApiExtensions
{
    /// <summary>
    /// Maps google.pubsub.v1 Publisher, Subscriber and SchemaService, and google.iam.v1.IAMPolicy for Pub/Sub's
    /// resources. Needs <c>AddTidingsApi()</c> and <c>AddPubSub()</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapPubSubApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<PublisherService>();
        endpoints.MapGrpcService<SubscriberService>();
        endpoints.MapGrpcService<PubSubSchemaService>();
        endpoints.MapGrpcService<PubSubIamPolicyService>();
        endpoints.MapPubSubIamRest();
        return endpoints;
    }
}
