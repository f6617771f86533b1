using Tidings.Kernel.Errors;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.DeadLetters;

/// <summary>Dead-letter and retry policies are checked at create and update with Google's bounds, codes and texts.</summary>
public sealed class DeliveryPolicyValidationTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public DeliveryPolicyValidationTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
    }

    public void Dispose() => _harness.Dispose();

    private void Create(DeadLetterPolicy? deadLetters = null, RetryPolicy? retry = null) =>
        _harness.CreateSubscription("sub", "orders", settings => settings with { DeadLetterPolicy = deadLetters, RetryPolicy = retry });

    private static RetryPolicy Retry(double minimumSeconds, double maximumSeconds) =>
        new() { MinimumBackoff = TimeSpan.FromSeconds(minimumSeconds), MaximumBackoff = TimeSpan.FromSeconds(maximumSeconds) };

    [Theory]
    [InlineData(5)]
    [InlineData(100)]
    public void Create_AttemptsWithinRange_Kept(int attempts)
    {
        Create(BrokerHarness.DeadLetters("dead", attempts));

        Assert.Equal(attempts, _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).Settings.DeadLetterPolicy!.MaxDeliveryAttempts);
    }

    [Theory]
    [InlineData(4, "The value for max_delivery_attempts is too small. You passed 4 in the request, but the minimum value is 5.")]
    [InlineData(-1, "The value for max_delivery_attempts is too small. You passed -1 in the request, but the minimum value is 5.")]
    [InlineData(101, "The value for max_delivery_attempts is too large. You passed 101 in the request, but the maximum value is 100.")]
    public void Create_AttemptsOutOfRange_OutOfRange(int attempts, string message) =>
        PubSubAssert.Throws(ErrorCode.OutOfRange, message, () => Create(BrokerHarness.DeadLetters("dead", attempts)));

    [Fact]
    public void Create_DeadLetterTopicMissing_NotFoundNamingIt()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=nowhere).", () => Create(BrokerHarness.DeadLetters("nowhere")));
        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")));
    }

    [Fact]
    public void Create_DeadLetterTopicEmpty_InvalidName() =>
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Invalid [topics] name: (name=)",
            () => Create(new DeadLetterPolicy { DeadLetterTopic = "" }));

    [Fact]
    public void Update_ToMissingDeadLetterTopic_NotFoundAndUnchanged()
    {
        Create(BrokerHarness.DeadLetters("dead"));

        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.UpdateSubscription(BrokerHarness.SubscriptionName("sub"),
            settings => settings with { DeadLetterPolicy = BrokerHarness.DeadLetters("nowhere") }));

        Assert.Equal(BrokerHarness.TopicName("dead"), _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).Settings.DeadLetterPolicy!.DeadLetterTopic);
    }

    [Fact]
    public void Update_OtherFieldAfterTheDeadLetterTopicWasDeleted_Accepted()
    {
        Create(BrokerHarness.DeadLetters("dead"));
        _harness.Broker.DeleteTopic(BrokerHarness.TopicName("dead"));

        var updated = _harness.Broker.UpdateSubscription(BrokerHarness.SubscriptionName("sub"), settings => settings with { AckDeadlineSeconds = 30 });

        Assert.Equal(30, updated.Settings.AckDeadlineSeconds);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.5, 600)]
    [InlineData(600, 600)]
    public void Create_BackoffsWithinRange_Kept(double minimum, double maximum)
    {
        Create(retry: Retry(minimum, maximum));

        Assert.Equal(Retry(minimum, maximum), _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).Settings.RetryPolicy);
    }

    [Theory]
    [InlineData(-1, 600, "The value for minimum_backoff is too small. You passed -1s in the request, but the minimum value is 0s.")]
    [InlineData(601, 600, "The value for minimum_backoff is too large. You passed 601s in the request, but the maximum value is 600s.")]
    [InlineData(10, 600.5, "The value for maximum_backoff is too large. You passed 600.5s in the request, but the maximum value is 600s.")]
    [InlineData(20, 10, "The value for maximum_backoff is too small. You passed 10s in the request, but the minimum value is 20s.")]
    [InlineData(1.25, 1, "The value for maximum_backoff is too small. You passed 1s in the request, but the minimum value is 1.25s.")]
    public void Create_BackoffsOutOfRange_InvalidArgument(double minimum, double maximum, string message) =>
        PubSubAssert.Throws(ErrorCode.InvalidArgument, message, () => Create(retry: Retry(minimum, maximum)));
}
