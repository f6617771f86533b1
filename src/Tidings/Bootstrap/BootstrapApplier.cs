using Google.Cloud.PubSub.V1;
using Google.Cloud.Scheduler.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
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
/// <remarks>
/// Each engine is resolved only when a declaration of its kind is applied: in a cluster, a node applies the
/// declarations of the services it runs, and must not open the others' engines.
/// </remarks>
internal sealed class BootstrapApplier(IServiceProvider services)
{
    private PubSubBroker Broker => services.GetRequiredService<PubSubBroker>();

    private CloudTasksEngine Queues => services.GetRequiredService<CloudTasksEngine>();

    private SchedulerEngine Jobs => services.GetRequiredService<SchedulerEngine>();

    private static readonly JsonParser _parser = new(JsonParser.Settings.Default);

    /// <exception cref="TidingsException">The API refused the create or update.</exception>
    /// <exception cref="InvalidProtocolBufferException">The body is not a valid JSON form of the resource.</exception>
    public Task<BootstrapOutcome> ApplyAsync(BootstrapDeclaration declaration, CancellationToken cancellationToken) =>
        declaration.Kind switch
        {
            BootstrapKind.Schema => Task.FromResult(ApplySchema(declaration)),
            BootstrapKind.Topic => Task.FromResult(ApplyTopic(declaration)),
            BootstrapKind.Subscription => Task.FromResult(ApplySubscription(declaration)),
            BootstrapKind.Queue => ApplyQueueAsync(declaration, cancellationToken),
            _ => ApplyJobAsync(declaration),
        };

    // A schema is never updated in place: a declared type or definition that differs from the latest revision's is
    // committed as a new revision, as CommitSchema (gcloud pubsub schemas commit) would, with its checks: the same
    // type, compatible with every earlier revision. Only those two are compared: the others are output only (a
    // declared revisionId would otherwise commit a revision at every start).
    private BootstrapOutcome ApplySchema(BootstrapDeclaration declaration)
    {
        var declared = Parse<Schema>(declaration);
        var current = Existing(() => SchemaMapping.ToProto(declared.Name, Broker.GetSchema(declared.Name).Revision, SchemaView.Full));
        if (current is null)
        {
            var id = declared.Name[(declared.Name.LastIndexOf('/') + 1)..];
            Broker.CreateSchema(Parent(declared.Name, "/schemas/"), id, SchemaMapping.ToDomain(declared.Type), declared.Definition);
            return BootstrapOutcome.Created;
        }

        if (declared.Type == current.Type && declared.Definition == current.Definition)
        {
            return BootstrapOutcome.Unchanged;
        }
        Broker.CommitSchema(declared.Name, SchemaMapping.ToDomain(declared.Type), declared.Definition);
        return BootstrapOutcome.Updated;
    }

    private BootstrapOutcome ApplyTopic(BootstrapDeclaration declaration)
    {
        var declared = Parse<Topic>(declaration);
        var current = Existing(() => TopicMapping.ToProto(Broker.GetTopic(declared.Name)));
        if (current is null)
        {
            Broker.CreateTopic(declared.Name, TopicMapping.ToSettings(declared));
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        Broker.UpdateTopic(declared.Name, settings => TopicMapping.ApplyMask(settings, declared, changed));
        return BootstrapOutcome.Updated;
    }

    private BootstrapOutcome ApplySubscription(BootstrapDeclaration declaration)
    {
        var declared = Parse<Subscription>(declaration);
        var current = Existing(() => SubscriptionMapping.ToProto(Broker.GetSubscription(declared.Name)));
        if (current is null)
        {
            Broker.CreateSubscription(declared.Name, SubscriptionMapping.ToSettings(declared));
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        // The engine refuses what UpdateSubscription refuses: another topic, a changed filter or ordering.
        Broker.UpdateSubscription(declared.Name, settings => SubscriptionMapping.ApplyMask(settings, declared, changed));
        return BootstrapOutcome.Updated;
    }

    private async Task<BootstrapOutcome> ApplyQueueAsync(BootstrapDeclaration declaration, CancellationToken cancellationToken)
    {
        var declared = Parse<Queue>(declaration);
        var current = Existing(() => Queues.GetQueue(declared.Name));
        if (current is null)
        {
            await Queues.CreateQueueAsync(Parent(declared.Name, "/queues/"), declared, cancellationToken).ConfigureAwait(false);
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        await Queues.UpdateQueueAsync(declared, Mask(changed), cancellationToken).ConfigureAwait(false);
        return BootstrapOutcome.Updated;
    }

    private async Task<BootstrapOutcome> ApplyJobAsync(BootstrapDeclaration declaration)
    {
        var declared = Parse<Job>(declaration);
        var current = Existing(() => Jobs.GetJob(declared.Name));
        if (current is null)
        {
            await Jobs.CreateJobAsync(Parent(declared.Name, "/jobs/"), declared).ConfigureAwait(false);
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        await Jobs.UpdateJobAsync(declared, Mask(changed)).ConfigureAwait(false);
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
