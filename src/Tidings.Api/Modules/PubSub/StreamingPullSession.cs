using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Kernel.Errors;
using Tidings.PubSub;
using Tidings.PubSub.Delivery;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Resources;
using DomainSubscription = Tidings.PubSub.Subscriptions.Subscription;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// One StreamingPull stream: a receive loop applying acks, deadline changes and pings, and a send loop leasing
/// messages within the stream's flow-control window. Leases belong to the subscription, so they outlive the
/// stream. The stream never ends with OK on the server's initiative: it is recycled with UNAVAILABLE, which every
/// client retries.
/// </summary>
internal sealed class StreamingPullSession(
    PubSubBroker broker,
    IAsyncStreamReader<StreamingPullRequest> requests,
    IServerStreamWriter<StreamingPullResponse> responses,
    CancellationToken callCancelled)
{
    /// <summary>gRPC forbids concurrent writes on one stream; pongs and message batches share it.</summary>
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private DomainSubscription _subscription = null!;
    private MessageConsumer _consumer = null!;
    private bool _answersPings;

    public async Task RunAsync()
    {
        if (!await requests.MoveNext(callCancelled).ConfigureAwait(false))
        {
            return;
        }
        var first = requests.Current;
        _subscription = broker.GetSubscriptionForDelivery(first.Subscription);
        _answersPings = first.ProtocolVersion >= 1;
        _consumer = _subscription.AddConsumer(
            ClampStreamDeadline(first.StreamAckDeadlineSeconds, _subscription.Settings.AckDeadlineSeconds),
            first.MaxOutstandingMessages,
            first.MaxOutstandingBytes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        try
        {
            broker.ApplyStreamAcks(_subscription, first.AckIds, first.ModifyDeadlineSeconds, first.ModifyDeadlineAckIds);
            var sending = SendLoopAsync(stop.Token);
            var receiving = ReceiveLoopAsync(stop.Token);
            var finished = await Task.WhenAny(sending, receiving).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            // The first loop to finish decides how the stream ends: its exception, if any, becomes the status.
            await finished.ConfigureAwait(false);
            await IgnoreCancellation(finished == sending ? receiving : sending).ConfigureAwait(false);
        }
        finally
        {
            _subscription.RemoveConsumer(_consumer);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var request = requests.Current;
            RefuseInitialOnlyFields(request);
            if (request.StreamAckDeadlineSeconds > 0)
            {
                _consumer.AckDeadlineSeconds = ClampStreamDeadline(request.StreamAckDeadlineSeconds, _subscription.Settings.AckDeadlineSeconds);
            }
            broker.ApplyStreamAcks(_subscription, request.AckIds, request.ModifyDeadlineSeconds, request.ModifyDeadlineAckIds);
            if (_answersPings && IsPing(request))
            {
                await WriteAsync(new StreamingPullResponse(), cancellationToken).ConfigureAwait(false);
            }
        }
        // The client half-closed: end the call (with OK) once our side is done.
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var time = broker.Time;
        var recycleAt = time.GetUtcNow() + broker.Options.StreamMaxLifetime;
        var leased = new List<LeasedMessage>();
        var properties = new StreamingPullResponse.Types.SubscriptionProperties();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!broker.IsCurrent(_subscription))
            {
                throw PubSubErrors.NotFound(_subscription.Name.Id);
            }
            leased.Clear();
            _subscription.Lease(_consumer, PubSubBroker.MaxMessagesPerResponse, PubSubBroker.MaxBytesPerResponse, leased);
            if (leased.Count > 0)
            {
                var response = new StreamingPullResponse { SubscriptionProperties = Describe(_subscription.Settings, properties) };
                foreach (var message in leased)
                {
                    response.ReceivedMessages.Add(MessageMapping.ToProto(message, reportDeliveryAttempt: false));
                }
                await WriteAsync(response, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var left = recycleAt - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw PubSubErrors.StreamRecycled();
            }
            await _consumer.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(StreamingPullResponse response, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static StreamingPullResponse.Types.SubscriptionProperties Describe(SubscriptionSettings settings, StreamingPullResponse.Types.SubscriptionProperties properties)
    {
        properties.ExactlyOnceDeliveryEnabled = settings.EnableExactlyOnceDelivery;
        properties.MessageOrderingEnabled = settings.EnableMessageOrdering;
        return properties;
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
