using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;
using Tidings.Testing;

namespace Tidings.PubSub.Tests.Expiration;

/// <summary>For push, a successful push is activity; a dispatcher running, or pushes failing, is not.</summary>
public sealed class PushActivityTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly PushConfig Push = new() { PushEndpoint = "https://receiver.example/push" };
    private readonly ExpirationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task SuccessfulPush_PostponesExpiry()
    {
        var subscription = _harness.CreateSubscription("pusher", Day, Push);
        _harness.Advance(Day / 2);

        await _harness.Current.PublishAsync("orders", "a");
        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the push was acked");

        _harness.Advance(Day - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("pusher"));
        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.False(_harness.Exists("pusher"));
    }

    [Fact]
    public async Task FailingPushes_AreNoActivity()
    {
        _harness.Current.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(503));
        _harness.CreateSubscription("pusher", Day, Push);
        _harness.Advance(Day / 2);

        await _harness.Current.PublishAsync("orders", "a");
        await Eventually.TrueAsync(() => !_harness.Current.Deliverer.Requests.IsEmpty, "a push was tried");

        _harness.Advance(Day / 2);
        Assert.False(_harness.Exists("pusher"));
    }
}
