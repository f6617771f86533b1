namespace Tidings.Bootstrap;

/// <summary>What a bootstrap declaration declares, in the order they are applied: what a later kind refers to comes first.</summary>
internal enum BootstrapKind
{
    /// <summary>A Pub/Sub schema, under <c>schemas:</c>; a topic's schema settings name one.</summary>
    Schema,

    /// <summary>A Pub/Sub topic, under <c>topics:</c>.</summary>
    Topic,

    /// <summary>A Pub/Sub subscription, under <c>subscriptions:</c>; its topic and dead-letter topic are topics.</summary>
    Subscription,

    /// <summary>A Cloud Tasks queue, under <c>queues:</c>.</summary>
    Queue,

    /// <summary>A Cloud Scheduler job, under <c>jobs:</c>; a Pub/Sub target names a topic.</summary>
    Job,
}
