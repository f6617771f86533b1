using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
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
        // IAMPolicy's transcoded routes (POST /v1/{resource=**}:…) would match every /v1 path and answer 405 on
        // unknown ones; they are kept out of matching, and Pub/Sub's own REST bindings are mapped by hand.
        endpoints.MapGrpcService<PubSubIamPolicyService>().Add(endpoint =>
        {
            if (endpoint.Metadata.Any(metadata => metadata is GrpcJsonTranscodingMetadata))
            {
                endpoint.Metadata.Add(new SuppressMatchingMetadata());
            }
        });
        endpoints.MapPubSubIamRest();
        return endpoints;
    }
}
