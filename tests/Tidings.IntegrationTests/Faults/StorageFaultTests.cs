using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;

namespace Tidings.IntegrationTests.Faults;

/// <summary>A message store whose appends can be made to fail as a full or broken disk would.</summary>
public sealed class FailingMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new();

    public Exception? NextAppendFailure { get; set; }

    public IMessageLog CreateLog() => new FailingLog(_inner.CreateLog(), this);

    public IMessageLog? FindLog(long logId) => _inner.FindLog(logId) is { } log ? new FailingLog(log, this) : null;

    public void DeleteLog(long logId) => _inner.DeleteLog(logId);

    public IReadOnlyCollection<long> ListLogIds() => _inner.ListLogIds();

    private sealed class FailingLog(IMessageLog inner, FailingMessageStore store) : IMessageLog
    {
        public long LogId => inner.LogId;

        public long NextSequence => inner.NextSequence;

        public long FirstSequence => inner.FirstSequence;

        public ValueTask<long> AppendAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken) =>
            store.NextAppendFailure is { } failure ? ValueTask.FromException<long>(failure) : inner.AppendAsync(messages, cancellationToken);

        public bool TryRead(long sequence, out StoredMessage message) => inner.TryRead(sequence, out message);

        public void TruncateBefore(long sequence) => inner.TruncateBefore(sequence);
    }
}

public sealed class FailingStorageFixture : TidingsServerFixture
{
    public FailingMessageStore Store { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IMessageStore>(Store);
}

public sealed class StorageFaultTests(FailingStorageFixture server) : IClassFixture<FailingStorageFixture>
{
    private async Task<(string Topic, string Subscription)> CreateAsync()
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/faulty" });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{project}/subscriptions/reader", Topic = topic.Name });
        return (topic.Name, subscription.Name);
    }

    private Task<PublishResponse> PublishAsync(string topic, string payload) =>
        server.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8(payload) } } }).ResponseAsync;

    [Fact]
    public async Task Publish_DiskFull_IsResourceExhaustedAndStoresNothing()
    {
        var (topic, subscription) = await CreateAsync();
        server.Store.NextAppendFailure = new StorageFullException("No space left on device");
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => PublishAsync(topic, "lost?"));
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        }
        finally
        {
            server.Store.NextAppendFailure = null;
        }

        await PublishAsync(topic, "after");
        var pulled = await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 10, ReturnImmediately = true });
        Assert.Equal("after", Assert.Single(pulled.ReceivedMessages).Message.Data.ToStringUtf8());
    }

    [Fact]
    public async Task Publish_SyncFailed_IsUnavailable()
    {
        var (topic, _) = await CreateAsync();
        server.Store.NextAppendFailure = new StorageFailedException("fsync failed");
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => PublishAsync(topic, "x"));
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }
        finally
        {
            server.Store.NextAppendFailure = null;
        }
    }
}
