using Google.Cloud.PubSub.V1;
using Grpc.Core;

namespace Tidings.Api.Modules.PubSub;

internal sealed partial class SubscriberService
{
    public override Task StreamingPull(IAsyncStreamReader<StreamingPullRequest> requestStream, IServerStreamWriter<StreamingPullResponse> responseStream, ServerCallContext context) =>
        new StreamingPullSession(cells, requestStream, responseStream, logger, context.CancellationToken).RunAsync();
}
