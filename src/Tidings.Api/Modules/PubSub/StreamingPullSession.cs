using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Kernel.Errors;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Errors;
using Tidings.PubSub.ExactlyOnce;
using Tidings.PubSub.Resources;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// One StreamingPull stream, a thin adapter over the engine's <see cref="ConsumerLoop"/>: requests go to the
/// engine (acks, deadline changes, the stream's ack deadline) and pings are answered; the loop's batches go out as
/// responses. The stream never ends with OK on the server's initiative: when its lifetime is up it is recycled
/// with UNAVAILABLE, which every client retries. A client that goes away is an ordinary end, logged at Debug.
/// </summary>
internal sealed class StreamingPullSession(
    PubSubCells cells,
    IAsyncStreamReader<StreamingPullRequest> requests,
    IServerStreamWriter<StreamingPullResponse> responses,
    ILogger logger,
    CancellationToken callCancelled) : IMessageSink
{
    /// <summary>gRPC forbids concurrent writes on one stream; pongs and message batches share it.</summary>
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private readonly StreamingPullResponse.Types.SubscriptionProperties _properties = new();
    private ConsumerLoop _consumer = null!;
    private PubSubBroker _broker = null!;
    private string _subscriptionName = "";
    private bool _answersPings;

    /// <summary>Exactly-once confirmations still being saved or sent. Touched by the receive loop only.</summary>
    private readonly List<Task> _confirmations = [];

    /// <summary>Set when reading or writing the stream failed: the client reset it or the connection dropped.</summary>
    private bool _transportFailed;

    public async Task RunAsync()
    {
        try
        {
            await ServeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (_transportFailed || callCancelled.IsCancellationRequested)
        {
            // The client is gone (the Node client cancels its call on every close): nobody is left to read a status.
            StreamingPullLog.EndedByClient(logger, _subscriptionName, exception);
        }
    }

    private async Task ServeAsync()
    {
        if (!await MoveNextAsync(callCancelled).ConfigureAwait(false))
        {
            return;
        }
        var first = requests.Current;
        _subscriptionName = first.Subscription;
        _broker = cells.ForSubscription(first.Subscription);
        var subscription = _broker.GetSubscriptionForDelivery(first.Subscription);
        _answersPings = first.ProtocolVersion >= 1;
        using var consumer = _broker.OpenConsumer(
            subscription,
            ClampStreamDeadline(first.StreamAckDeadlineSeconds, subscription.Settings.AckDeadlineSeconds),
            first.MaxOutstandingMessages,
            first.MaxOutstandingBytes);
        _consumer = consumer;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        ApplyAcks(first, stop.Token);
        var sending = SendLoopAsync(stop.Token);
        var receiving = ReceiveLoopAsync(stop.Token);
        var finished = await Task.WhenAny(sending, receiving).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        // The first loop to finish decides how the stream ends: its exception, if any, becomes the status.
        await finished.ConfigureAwait(false);
        await IgnoreCancellation(finished == sending ? receiving : sending).ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var subscription = _consumer.Subscription;
        while (await MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            var request = requests.Current;
            RefuseInitialOnlyFields(request);
            if (request.StreamAckDeadlineSeconds > 0)
            {
                _consumer.Consumer.AckDeadlineSeconds = ClampStreamDeadline(request.StreamAckDeadlineSeconds, subscription.Settings.AckDeadlineSeconds);
            }
            ApplyAcks(request, cancellationToken);
            if (_answersPings && IsPing(request))
            {
                await WriteAsync(new StreamingPullResponse(), cancellationToken).ConfigureAwait(false);
            }
        }
        // The client half-closed: end the call (with OK) once our side is done, its confirmations sent.
        await Task.WhenAll(_confirmations).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands the request's acks and deadline changes to the engine. On an exactly-once subscription their outcome
    /// goes back as a confirmation once saved, without holding up the requests that follow.
    /// </summary>
    private void ApplyAcks(StreamingPullRequest request, CancellationToken cancellationToken)
    {
        var subscription = _consumer.Subscription;
        if (!subscription.Settings.EnableExactlyOnceDelivery)
        {
            _broker.ApplyStreamAcks(subscription, request.AckIds, request.ModifyDeadlineSeconds, request.ModifyDeadlineAckIds);
            return;
        }
        var confirming = _broker.ApplyStreamAcksExactlyOnceAsync(subscription, request.AckIds, request.ModifyDeadlineSeconds, request.ModifyDeadlineAckIds);
        if (request.AckIds.Count + request.ModifyDeadlineAckIds.Count > 0)
        {
            _confirmations.RemoveAll(task => task.IsCompleted);
            _confirmations.Add(SendConfirmationAsync(confirming, cancellationToken));
        }
    }

    private async Task SendConfirmationAsync(Task<(AckConfirmation Acks, AckConfirmation Deadlines)> confirming, CancellationToken cancellationToken)
    {
        try
        {
            var (acks, deadlines) = await confirming.ConfigureAwait(false);
            await WriteAsync(ConfirmationMapping.ToResponse(acks, deadlines), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidOperationException or RpcException)
        {
            // The stream ended first: as on any dropped stream, the client learns nothing of these ids and retries them.
            StreamingPullLog.ConfirmationNotSent(logger, _subscriptionName, exception);
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var recycleAt = _broker.Time.GetUtcNow() + _broker.Options.StreamMaxLifetime;
        var exit = await _consumer.RunAsync(this, recycleAt, cancellationToken).ConfigureAwait(false);
        // An engine that stops delivering is handing its cell to another node: the client reconnects to it.
        throw exit == ConsumerLoopExit.SubscriptionGone
            ? PubSubErrors.NotFound(_consumer.Subscription.Name.Id)
            : PubSubErrors.StreamRecycled();
    }

    public ValueTask<int> WaitForCapacityAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(PubSubBroker.MaxMessagesPerResponse);

    public async ValueTask<bool> DeliverAsync(IReadOnlyList<LeasedMessage> batch, CancellationToken cancellationToken)
    {
        var settings = _consumer.Subscription.Settings;
        var response = new StreamingPullResponse();
        foreach (var message in batch)
        {
            response.ReceivedMessages.Add(MessageMapping.ToProto(message, reportDeliveryAttempt: settings.DeadLetterPolicy is not null));
        }
        await WriteAsync(response, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await requests.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            _transportFailed = true;
            throw;
        }
    }

    private async Task WriteAsync(StreamingPullResponse response, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // On every response, pongs and confirmations too: some clients re-read the flags from each one.
            response.SubscriptionProperties = Describe(_consumer.Subscription.Settings);
            await responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            _transportFailed = true;
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private StreamingPullResponse.Types.SubscriptionProperties Describe(SubscriptionSettings settings)
    {
        _properties.ExactlyOnceDeliveryEnabled = settings.EnableExactlyOnceDelivery;
        _properties.MessageOrderingEnabled = settings.EnableMessageOrdering;
        return _properties;
    }

    /// <summary>Google's range is 10 to 600 s; the real service clamps rather than fails, and 0 means the subscription's.</summary>
    private static int ClampStreamDeadline(int requested, int subscriptionDefault) =>
        requested <= 0 ? subscriptionDefault : Math.Clamp(requested, SubscriptionSettings.MinAckDeadlineSeconds, SubscriptionSettings.MaxAckDeadlineSeconds);

    private static bool IsPing(StreamingPullRequest request) =>
        request.AckIds.Count == 0 && request.ModifyDeadlineAckIds.Count == 0 && request.StreamAckDeadlineSeconds == 0;

    private static void RefuseInitialOnlyFields(StreamingPullRequest request)
    {
        if (request.Subscription.Length > 0)
        {
            throw PubSubErrors.SubscriptionOnlyInInitialRequest();
        }
        if (request.ClientId.Length > 0 || request.MaxOutstandingMessages != 0 || request.MaxOutstandingBytes != 0 || request.ProtocolVersion != 0)
        {
            throw PubSubErrors.StreamSettingsOnlyInInitialRequest();
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (RpcException)
        {
        }
        catch (TidingsException)
        {
        }
    }
}
