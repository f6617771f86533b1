using Google.Cloud.PubSub.V1;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Push;

/// <summary>
/// Push subscriptions on durable storage across restarts of the real host (system clock, data directory on disk,
/// started as the <c>tidings</c> command starts it).
/// </summary>
public sealed class PushRestartTests : IDisposable
{
    private const string Email = "pusher@durable.iam.gserviceaccount.com";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("tidings-push-restart-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task PushSubscription_SurvivesARestart_AndPushesWhatWasPublishedWhileTheReceiverWasDown()
    {
        var receiver = await PushReceiver.StartAsync();
        var (port, path, endpoint) = (receiver.Port, receiver.Path, receiver.Endpoint);
        string subscription;
        string topic;
        string ackedBefore;
        string[] whileDown;
        string keyId;
        await using (var server = await DurableServer.StartAsync(_dataDir))
        {
            var api = new PushApi(server.Publisher, server.Subscriber, "durable");
            topic = await api.CreateTopicAsync();
            subscription = (await api.CreateSubscriptionAsync(topic, new PushConfig
            {
                PushEndpoint = endpoint,
                OidcToken = new PushConfig.Types.OidcToken { ServiceAccountEmail = Email },
            })).Name;
            ackedBefore = (await api.PublishAsync(topic, PushApi.Message("before")))[0];
            var first = await receiver.WaitForRequestAsync(1);
            Assert.Equal(ackedBefore, first.MessageId);
            await PushProbe.WaitIdleAsync(server.Services, subscription);
            var token = await (await OidcDiscovery.FetchAsync(server.Address))
                .ValidateAsync(first.Header("Authorization"), endpoint, validateLifetime: true);
            keyId = token.Kid;

            await receiver.DisposeAsync(); // the receiver goes down
            whileDown = await api.PublishManyAsync(topic, 3, "while-down");
        }

        await using (var server = await DurableServer.StartAsync(_dataDir))
        {
            await using var back = await PushReceiver.StartAsync(port, path);

            await back.WaitUntilAsync(requests => whileDown.All(id => requests.Any(r => r.MessageId == id && r.AnsweredStatus == 200)),
                "the messages published while the receiver was down", timeoutMs: 20_000);

            var api = new PushApi(server.Publisher, server.Subscriber, "durable");
            var after = await api.PublishAsync(topic, PushApi.Message("after"));
            await back.WaitUntilAsync(requests => requests.Any(r => r.MessageId == after[0]), "a message published after the restart");
            Assert.DoesNotContain(back.Requests, r => r.MessageId == ackedBefore);

            // Same signing key as before the restart, so receivers' cached keys stay good.
            var discovery = await OidcDiscovery.FetchAsync(server.Address);
            Assert.Equal(server.Address.GetLeftPart(UriPartial.Authority), discovery.Issuer);
            var token = await discovery.ValidateAsync(back.Requests[^1].Header("Authorization"), endpoint, validateLifetime: true);
            Assert.Equal(keyId, token.Kid);
            Assert.Equal(Email, token.GetClaim("email").Value);

            var got = await server.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = subscription });
            Assert.Equal(endpoint, got.PushConfig.PushEndpoint);
            Assert.Equal("v1", got.PushConfig.Attributes["x-goog-version"]);
            Assert.Equal(Email, got.PushConfig.OidcToken.ServiceAccountEmail);
        }
    }

    [Fact]
    public async Task SwitchedToPull_StaysPullAfterARestart()
    {
        await using var receiver = await PushReceiver.StartAsync();
        string subscription;
        string topic;
        await using (var server = await DurableServer.StartAsync(_dataDir))
        {
            var api = new PushApi(server.Publisher, server.Subscriber, "durable");
            topic = await api.CreateTopicAsync();
            subscription = (await api.CreateSubscriptionAsync(topic, new PushConfig { PushEndpoint = receiver.Endpoint })).Name;
            await api.SwitchToPullAsync(subscription);
        }

        await using (var server = await DurableServer.StartAsync(_dataDir))
        {
            var api = new PushApi(server.Publisher, server.Subscriber, "durable");
            var ids = await api.PublishAsync(topic, PushApi.Message("pull me"));
            Assert.Equal(ids[0], Assert.Single(await api.PullAsync(subscription)).Message.MessageId);
            Assert.Equal(0, receiver.Count);
        }
    }

    /// <summary>
    /// Regression: the engine opens before Kestrel binds, so an issuer URL fixed then said port 0
    /// (<c>http://127.0.0.1:0</c>, jwks_uri too).
    /// </summary>
    [Fact]
    public async Task OidcIssuer_OnPortZero_IsTheBoundAddress()
    {
        await using var server = await DurableServer.StartAsync(_dataDir);

        var discovery = await OidcDiscovery.FetchAsync(server.Address);

        var self = server.Address.GetLeftPart(UriPartial.Authority);
        Assert.Equal(self, discovery.Issuer);
        Assert.Equal($"{self}/oauth2/v3/certs", discovery.JwksUri);
    }
}
