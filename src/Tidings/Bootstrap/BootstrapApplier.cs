using Google.Cloud.PubSub.V1;
using Google.Cloud.Scheduler.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Kernel.Errors;
using Tidings.PubSub;
using Tidings.Scheduler;
using Tidings.Tasks;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Bootstrap;

/// <summary>
/// Applies bootstrap declarations through the same engine calls and mappings the API's Create and Update RPCs use,
/// so a declaration is validated exactly as a request with the same body would be, and fails with the same error.
/// A missing resource is created; an existing one gets an update of the declared fields whose values differ.
/// </summary>
internal sealed class BootstrapApplier(PubSubBroker broker, CloudTasksEngine tasks, SchedulerEngine scheduler)
{
    private static readonly JsonParser _parser = new(JsonParser.Settings.Default);

    /// <exception cref="TidingsException">The API refused the create or update.</exception>
    /// <exception cref="InvalidProtocolBufferException">The body is not a valid JSON form of the resource.</exception>
    public Task<BootstrapOutcome> ApplyAsync(BootstrapDeclaration declaration, CancellationToken cancellationToken) =>
        declaration.Kind switch
        {
            BootstrapKind.Topic => Task.FromResult(ApplyTopic(declaration)),
            BootstrapKind.Subscription => Task.FromResult(ApplySubscription(declaration)),
            BootstrapKind.Queue => ApplyQueueAsync(declaration, cancellationToken),
            _ => ApplyJobAsync(declaration),
        };

    private BootstrapOutcome ApplyTopic(BootstrapDeclaration declaration)
    {
        var declared = Parse<Topic>(declaration);
        var current = Existing(() => TopicMapping.ToProto(broker.GetTopic(declared.Name)));
        if (current is null)
        {
            broker.CreateTopic(declared.Name, TopicMapping.ToSettings(declared));
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        broker.UpdateTopic(declared.Name, settings => TopicMapping.ApplyMask(settings, declared, changed));
        return BootstrapOutcome.Updated;
    }

    private BootstrapOutcome ApplySubscription(BootstrapDeclaration declaration)
    {
        var declared = Parse<Subscription>(declaration);
        var current = Existing(() => SubscriptionMapping.ToProto(broker.GetSubscription(declared.Name)));
        if (current is null)
        {
            broker.CreateSubscription(declared.Name, SubscriptionMapping.ToSettings(declared));
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        // The engine refuses what UpdateSubscription refuses: another topic, a changed filter or ordering.
        broker.UpdateSubscription(declared.Name, settings => SubscriptionMapping.ApplyMask(settings, declared, changed));
        return BootstrapOutcome.Updated;
    }

    private async Task<BootstrapOutcome> ApplyQueueAsync(BootstrapDeclaration declaration, CancellationToken cancellationToken)
    {
        var declared = Parse<Queue>(declaration);
        var current = Existing(() => tasks.GetQueue(declared.Name));
        if (current is null)
        {
            await tasks.CreateQueueAsync(Parent(declared.Name, "/queues/"), declared, cancellationToken).ConfigureAwait(false);
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        await tasks.UpdateQueueAsync(declared, Mask(changed), cancellationToken).ConfigureAwait(false);
        return BootstrapOutcome.Updated;
    }

    private async Task<BootstrapOutcome> ApplyJobAsync(BootstrapDeclaration declaration)
    {
        var declared = Parse<Job>(declaration);
        var current = Existing(() => scheduler.GetJob(declared.Name));
        if (current is null)
        {
            await scheduler.CreateJobAsync(Parent(declared.Name, "/jobs/"), declared).ConfigureAwait(false);
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        await scheduler.UpdateJobAsync(declared, Mask(changed)).ConfigureAwait(false);
        return BootstrapOutcome.Updated;
    }

    private static T Parse<T>(BootstrapDeclaration declaration)
        where T : IMessage, new() =>
        _parser.Parse<T>(declaration.Body.ToJsonString());

    /// <summary>The resource as Get answers it, or null when Get answers NOT_FOUND; other errors (a bad name) go up.</summary>
    private static T? Existing<T>(Func<T> get)
        where T : class
    {
        try
        {
            return get();
        }
        catch (TidingsException ex) when (ex.Code == ErrorCode.NotFound)
        {
            return null;
        }
    }

    // A name the API would refuse has no such part; the create call then refuses the name with the API's error.
    private static string Parent(string name, string collection)
    {
        var at = name.LastIndexOf(collection, StringComparison.Ordinal);
        return at < 0 ? "" : name[..at];
    }

    private static FieldMask Mask(IEnumerable<string> paths)
    {
        var mask = new FieldMask();
        mask.Paths.Add(paths);
        return mask;
    }
}
