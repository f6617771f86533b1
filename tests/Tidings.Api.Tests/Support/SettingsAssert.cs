using Tidings.PubSub.Resources;

namespace Tidings.Api.Tests.Support;

/// <summary>
/// Field-by-field equality of domain settings: the records hold dictionaries and lists, which records compare by
/// reference.
/// </summary>
internal static class SettingsAssert
{
    public static void Equal(TopicSettings expected, TopicSettings actual)
    {
        AssertLabels(expected.Labels, actual.Labels);
        Assert.Equal(expected.KmsKeyName, actual.KmsKeyName);
        Assert.Equal(expected.MessageRetentionDuration, actual.MessageRetentionDuration);
        Assert.Equal(expected.MessageStoragePolicy is null, actual.MessageStoragePolicy is null);
        if (expected.MessageStoragePolicy is { } policy)
        {
            Assert.Equal(policy.AllowedPersistenceRegions, actual.MessageStoragePolicy!.AllowedPersistenceRegions);
            Assert.Equal(policy.EnforceInTransit, actual.MessageStoragePolicy.EnforceInTransit);
        }
    }

    public static void Equal(SubscriptionSettings expected, SubscriptionSettings actual)
    {
        Assert.Equal(expected.Topic, actual.Topic);
        Equal(expected.PushConfig, actual.PushConfig);
        Assert.Equal(expected.AckDeadlineSeconds, actual.AckDeadlineSeconds);
        Assert.Equal(expected.RetainAckedMessages, actual.RetainAckedMessages);
        Assert.Equal(expected.MessageRetentionDuration, actual.MessageRetentionDuration);
        AssertLabels(expected.Labels, actual.Labels);
        Assert.Equal(expected.EnableMessageOrdering, actual.EnableMessageOrdering);
        Assert.Equal(expected.ExpirationTtl, actual.ExpirationTtl);
        Assert.Equal(expected.Filter, actual.Filter);
        Assert.Equal(expected.EnableExactlyOnceDelivery, actual.EnableExactlyOnceDelivery);
        Assert.Equal(expected.DeadLetterPolicy, actual.DeadLetterPolicy);
        Assert.Equal(expected.RetryPolicy, actual.RetryPolicy);
    }

    public static void Equal(PushConfig? expected, PushConfig? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is null)
        {
            return;
        }
        Assert.Equal(expected.PushEndpoint, actual!.PushEndpoint);
        AssertLabels(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.OidcToken, actual.OidcToken);
        Assert.Equal(expected.NoWrapper, actual.NoWrapper);
    }

    private static void AssertLabels(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual) =>
        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), actual.OrderBy(pair => pair.Key, StringComparer.Ordinal));
}
