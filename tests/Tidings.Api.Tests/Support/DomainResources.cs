using Microsoft.Extensions.Time.Testing;
using Tidings.Delivery;
using Tidings.PubSub;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;
using Tidings.Storage.InMemory;

namespace Tidings.Api.Tests.Support;

/// <summary>
/// Real domain topics and subscriptions for the mapping to read, made by a broker over in-memory stores and a
/// fake clock. Nothing is published, so no push is ever attempted.
/// </summary>
internal sealed class DomainResources : IDisposable
{
    public const string Project = "projects/p";

    public PubSubBroker Broker { get; } = new(
        new InMemoryMessageStore(),
        new InMemoryStateStore(),
        new NoPushes(),
        new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        new PubSubOptions());

    public static string TopicName(string id) => $"{Project}/topics/{id}";

    public static string SubscriptionName(string id) => $"{Project}/subscriptions/{id}";

    public Topic CreateTopic(string id, TopicSettings? settings = null) =>
        Broker.CreateTopic(TopicName(id), settings ?? new TopicSettings());

    public Subscription CreateSubscription(string id, SubscriptionSettings settings) =>
        Broker.CreateSubscription(SubscriptionName(id), settings);

    public void Dispose() => Broker.Dispose();

    /// <summary>Fails the test if the broker ever tries to push.</summary>
    private sealed class NoPushes : IHttpDeliverer
    {
        public Task<DeliveryResult> SendAsync(HttpDeliveryRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Mapping tests publish nothing, yet a push to {request.Endpoint} was attempted.");
    }
}
