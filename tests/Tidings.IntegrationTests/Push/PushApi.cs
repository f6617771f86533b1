using System.Globalization;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;

namespace Tidings.IntegrationTests.Push;

/// <summary>Creates topics and (push) subscriptions through the generated gRPC clients, in a project of its own.</summary>
internal sealed class PushApi(Publisher.PublisherClient publisher, Subscriber.SubscriberClient subscriber, string project)
{
    /// <summary>Google's push user agent.</summary>
    public const string GoogleUserAgent = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";

    public string Project => project;

    public Publisher.PublisherClient Publisher => publisher;

    public Subscriber.SubscriberClient Subscriber => subscriber;

    public async Task<string> CreateTopicAsync(string id = "orders") =>
        (await publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/{id}" })).Name;

    public async Task<Subscription> CreateSubscriptionAsync(string topic, PushConfig? push, int ackDeadlineSeconds = 10, string id = "pushed") =>
        await subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = $"projects/{project}/subscriptions/{id}",
            Topic = topic,
            PushConfig = push,
            AckDeadlineSeconds = ackDeadlineSeconds,
        });

    /// <summary>A topic and a subscription pushing to <paramref name="endpoint"/> with the wrapped payload.</summary>
    public async Task<(string Topic, string Subscription)> CreatePushPairAsync(string endpoint, int ackDeadlineSeconds = 10)
    {
        var topic = await CreateTopicAsync();
        var subscription = await CreateSubscriptionAsync(topic, new PushConfig { PushEndpoint = endpoint }, ackDeadlineSeconds);
        return (topic, subscription.Name);
    }

    public async Task<string[]> PublishAsync(string topic, params PubsubMessage[] messages)
    {
        var response = await publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { messages } });
        return [.. response.MessageIds];
    }

    /// <summary>Publishes <paramref name="count"/> messages <c>{prefix}-{i}</c>, one request, and returns their ids.</summary>
    public Task<string[]> PublishManyAsync(string topic, int count, string prefix = "m") =>
        PublishAsync(topic, [.. Enumerable.Range(0, count).Select(i => Message($"{prefix}-{i}"))]);

    public async Task<IReadOnlyList<ReceivedMessage>> PullAsync(string subscription, int max = 100) =>
        (await subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = max, ReturnImmediately = true })).ReceivedMessages;

    public async Task SwitchToPullAsync(string subscription) =>
        await subscriber.ModifyPushConfigAsync(new ModifyPushConfigRequest { Subscription = subscription, PushConfig = new PushConfig() });

    public async Task SwitchToPushAsync(string subscription, PushConfig config) =>
        await subscriber.ModifyPushConfigAsync(new ModifyPushConfigRequest { Subscription = subscription, PushConfig = config });

    public static PubsubMessage Message(string data, params (string Key, string Value)[] attributes) =>
        Message(ByteString.CopyFromUtf8(data), attributes);

    public static PubsubMessage Message(ByteString data, params (string Key, string Value)[] attributes)
    {
        var message = new PubsubMessage { Data = data };
        foreach (var (key, value) in attributes)
        {
            message.Attributes.Add(key, value);
        }
        return message;
    }

    /// <summary>
    /// RFC 3339 in UTC as in Google's push payloads, e.g. <c>2021-02-26T19:13:55.749Z</c>. Tests publish at times whose
    /// milliseconds do not end in 0 and have no finer part, where every spelling of the fraction agrees.
    /// </summary>
    public static string FormatMillisTime(DateTimeOffset time)
    {
        Assert.Equal(0, time.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.NotEqual(0, time.Millisecond % 10);
        return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
