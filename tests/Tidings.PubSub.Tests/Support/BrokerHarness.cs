using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Support;

/// <summary>
/// A broker over an in-memory store and a fake clock, with short-hands for the names and calls tests repeat.
/// Nothing here waits on real time: the clock moves only when a test calls <see cref="FakeTimeProvider.Advance"/>.
/// </summary>
internal sealed class BrokerHarness : IDisposable
{
    public const string Project = "projects/p";

    /// <param name="wrapTime">What the broker sees of <see cref="Time"/>, e.g. a provider that counts its timers.</param>
    public BrokerHarness(PubSubOptions? options = null, IMessageStore? store = null, IStateStore? state = null, DateTimeOffset? now = null,
        Func<FakeTimeProvider, TimeProvider>? wrapTime = null)
    {
        Logger = new RecordingLogger<PubSubBroker>();
        Deliverer = new FakeDeliverer();
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Store = store ?? new InMemoryMessageStore();
        State = state ?? new InMemoryStateStore();
        Broker = new PubSubBroker(Store, State, Deliverer, wrapTime?.Invoke(Time) ?? Time, options ?? new PubSubOptions(), Logger);
    }

    public IStateStore State { get; }

    /// <summary>What the engine logged.</summary>
    public RecordingLogger<PubSubBroker> Logger { get; }

    public FakeDeliverer Deliverer { get; }

    public FakeTimeProvider Time { get; }

    public IMessageStore Store { get; }

    public PubSubBroker Broker { get; }

    public static string TopicName(string id) => $"{Project}/topics/{id}";

    public static string SubscriptionName(string id) => $"{Project}/subscriptions/{id}";

    public Topic CreateTopic(string id) => Broker.CreateTopic(TopicName(id), new TopicSettings());

    public Subscription CreateSubscription(string id, string topicId, int ackDeadlineSeconds = SubscriptionSettings.DefaultAckDeadlineSeconds) =>
        Broker.CreateSubscription(SubscriptionName(id), new SubscriptionSettings { Topic = TopicName(topicId), AckDeadlineSeconds = ackDeadlineSeconds });

    /// <summary>A subscription on <paramref name="topicId"/> with the settings <paramref name="configure"/> sets.</summary>
    public Subscription CreateSubscription(string id, string topicId, Func<SubscriptionSettings, SubscriptionSettings> configure) =>
        Broker.CreateSubscription(SubscriptionName(id), configure(new SubscriptionSettings { Topic = TopicName(topicId) }));

    /// <summary>A dead-letter policy naming a topic of this harness's project.</summary>
    public static DeadLetterPolicy DeadLetters(string topicId, int maxDeliveryAttempts = DeadLetterPolicy.DefaultMaxDeliveryAttempts) =>
        new() { DeadLetterTopic = TopicName(topicId), MaxDeliveryAttempts = maxDeliveryAttempts };

    /// <summary>A subscription with message ordering.</summary>
    public Subscription CreateOrderedSubscription(string id, string topicId, int ackDeadlineSeconds = SubscriptionSettings.DefaultAckDeadlineSeconds) =>
        Broker.CreateSubscription(SubscriptionName(id), new SubscriptionSettings
        {
            Topic = TopicName(topicId),
            AckDeadlineSeconds = ackDeadlineSeconds,
            EnableMessageOrdering = true,
        });

    /// <summary>
    /// Publishes each payload as a request of its own, in the order given, as an ordered publisher sends them: "a:1"
    /// is data "a:1" with ordering key "a"; a payload without a colon has no key.
    /// </summary>
    public async Task PublishKeyedAsync(string topicId, params string[] keyedPayloads)
    {
        foreach (var keyed in keyedPayloads)
        {
            var colon = keyed.IndexOf(':', StringComparison.Ordinal);
            var message = colon < 0 ? Message(keyed) : Message(keyed) with { OrderingKey = keyed[..colon] };
            await Broker.PublishAsync(TopicName(topicId), [message], 0, CancellationToken.None);
        }
    }

    /// <summary>Publishes one message per payload (UTF-8 data, no attributes) and returns their ids.</summary>
    public async Task<string[]> PublishAsync(string topicId, params string[] payloads)
    {
        var messages = payloads.Select(payload => Message(payload)).ToArray();
        return await Broker.PublishAsync(TopicName(topicId), messages, 0, CancellationToken.None);
    }

    /// <summary>Publishes <paramref name="count"/> messages named m0, m1, … in requests of at most 1,000.</summary>
    public async Task PublishManyAsync(string topicId, int count)
    {
        for (var start = 0; start < count; start += PublishLimits.MaxMessagesPerRequest)
        {
            var batch = Enumerable.Range(start, Math.Min(PublishLimits.MaxMessagesPerRequest, count - start))
                .Select(i => $"m{i}")
                .ToArray();
            await PublishAsync(topicId, batch);
        }
    }

    /// <summary>Pulls with return_immediately, as a poll of what is deliverable right now.</summary>
    public Task<IReadOnlyList<LeasedMessage>> PullNowAsync(string subscriptionId, int maxMessages = 100) =>
        Broker.PullAsync(SubscriptionName(subscriptionId), maxMessages, returnImmediately: true, CancellationToken.None);

    public void Ack(string subscriptionId, params IEnumerable<LeasedMessage> messages) =>
        Broker.Acknowledge(SubscriptionName(subscriptionId), [.. messages.Select(message => message.AckId.Format())]);

    /// <summary>Nacks (ModifyAckDeadline 0) the messages.</summary>
    public void Nack(string subscriptionId, params IEnumerable<LeasedMessage> messages) =>
        Broker.ModifyAckDeadline(SubscriptionName(subscriptionId), [.. messages.Select(message => message.AckId.Format())], 0);

    public static PublishMessage Message(string data, params (string Key, string Value)[] attributes) =>
        new(Encoding.UTF8.GetBytes(data), [.. attributes.Select(a => KeyValuePair.Create(a.Key, a.Value))], "");

    public static string Text(LeasedMessage message) => Encoding.UTF8.GetString(message.Message.Data.Span);

    public void Dispose() => Broker.Dispose();
}
