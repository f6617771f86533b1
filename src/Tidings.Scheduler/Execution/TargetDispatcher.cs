using Google.Cloud.Scheduler.V1;
using Tidings.Delivery;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Publishing;
using Tidings.Scheduler.Errors;
using Tidings.Storage.Messages;
using RpcStatus = Google.Rpc.Status;

namespace Tidings.Scheduler.Execution;

/// <summary>
/// Makes one attempt at a job's target and reports its status: HTTP and App Engine targets through the shared
/// <see cref="IHttpDeliverer"/>, Pub/Sub targets published to Tidings' own topic (<see cref="IPubSubTargetPublisher"/>:
/// in process, or through the cluster node that runs Pub/Sub) with the job's data and attributes exactly as given (no
/// attributes added). Never throws for a failure of the target. Thread-safe.
/// </summary>
internal sealed class TargetDispatcher(IHttpDeliverer deliverer, IPubSubTargetPublisher pubSub, SchedulerOptions options)
{
    public async Task<RpcStatus> DispatchAsync(AttemptRequest attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await DispatchTargetAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failure no target maps to a status (a fault of ours, or of a transport) still ends the attempt with
            // one: an exception escaping here would leave the job in flight, never to fire again.
            return AttemptStatus.Of(ErrorCode.Internal, SchedulerErrors.AttemptFailedText(error.Message));
        }
    }

    private async Task<RpcStatus> DispatchTargetAsync(AttemptRequest attempt, CancellationToken cancellationToken)
    {
        switch (attempt.Definition.TargetCase)
        {
            case Job.TargetOneofCase.HttpTarget:
                return await SendAsync(TargetRequests.Http(attempt), cancellationToken).ConfigureAwait(false);
            case Job.TargetOneofCase.AppEngineHttpTarget:
                return await SendAsync(TargetRequests.AppEngine(attempt, options.AppEngineBaseUrl), cancellationToken).ConfigureAwait(false);
            case Job.TargetOneofCase.PubsubTarget:
                return await PublishAsync(attempt.Definition.PubsubTarget, cancellationToken).ConfigureAwait(false);
            default:
                return AttemptStatus.Of(ErrorCode.FailedPrecondition, SchedulerErrors.TargetRequired().Message);
        }
    }

    private async Task<RpcStatus> SendAsync(HttpDeliveryRequest request, CancellationToken cancellationToken)
    {
        var result = await deliverer.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return AttemptStatus.FromDelivery(result, request.Timeout);
    }

    private async Task<RpcStatus> PublishAsync(PubsubTarget target, CancellationToken cancellationToken)
    {
        var message = new PublishMessage(target.Data.Memory, [.. target.Attributes], OrderingKey: "");
        try
        {
            await pubSub.PublishAsync(target.TopicName, message, cancellationToken).ConfigureAwait(false);
            return AttemptStatus.Ok();
        }
        catch (TidingsException error) when (error.Code == ErrorCode.NotFound)
        {
            return AttemptStatus.Of(ErrorCode.NotFound, SchedulerErrors.TopicNotFoundText(target.TopicName));
        }
        catch (TidingsException error)
        {
            return AttemptStatus.Of(error.Code, SchedulerErrors.PublishFailedText(error.Message));
        }
        catch (StorageFullException error)
        {
            return AttemptStatus.Of(ErrorCode.ResourceExhausted, SchedulerErrors.PublishFailedText(error.Message));
        }
        catch (StorageFailedException error)
        {
            return AttemptStatus.Of(ErrorCode.Unavailable, SchedulerErrors.PublishFailedText(error.Message));
        }
    }
}
