using Google.Cloud.PubSub.V1;
using Google.Cloud.Scheduler.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Kernel.Errors;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
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
    private PubSubCells Cells => services.GetRequiredService<PubSubCells>();

    private CloudTasksEngine Queues => services.GetRequiredService<CloudTasksEngine>();

    private SchedulerEngine Jobs => services.GetRequiredService<SchedulerEngine>();

    private static readonly JsonParser _parser = new(JsonParser.Settings.Default);

    /// <exception cref="TidingsException">The API refused the create or update.</exception>
    /// <exception cref="InvalidProtocolBufferException">The body is not a valid JSON form of the resource.</exception>
    /// <param name="cell">With Pub/Sub in cells, the cell whose start applies it (its schemas go through that cell's engine).</param>
    public Task<BootstrapOutcome> ApplyAsync(BootstrapDeclaration declaration, CancellationToken cancellationToken, int? cell = null) =>
        declaration.Kind switch
        {
            BootstrapKind.Schema => Task.FromResult(ApplySchema(declaration, cell)),
            BootstrapKind.Topic => Task.FromResult(ApplyTopic(declaration)),
            BootstrapKind.Subscription => Task.FromResult(ApplySubscription(declaration)),
            BootstrapKind.Queue => ApplyQueueAsync(declaration, cancellationToken),
            _ => ApplyJobAsync(declaration),
        };

    // A schema is never updated in place: a declared type or definition that differs from the latest revision's is
    // committed as a new revision, as CommitSchema (gcloud pubsub schemas commit) would, with its checks: the same
    // type, compatible with every earlier revision. Only those two are compared: the others are output only (a
    // declared revisionId would otherwise commit a revision at every start).
    private BootstrapOutcome ApplySchema(BootstrapDeclaration declaration, int? cell)
    {
        var declared = Parse<Schema>(declaration);
        var engine = cell is { } starting ? Cells.Find(starting)! : Cells.ForSchema(declared.Name);
        // With cells every cell applies the schemas (its topics may need them before the schema's own cell opens):
        // one cell at a time across the cluster compares and writes, from the stored schema.
        using var claim = cell is null ? null : Cells.Elsewhere.ClaimName($"bootstrap {declared.Name}");
        engine.RefreshSchema(declared.Name);
        var current = Existing(() => SchemaMapping.ToProto(declared.Name, engine.GetSchema(declared.Name).Revision, SchemaView.Full));
        if (current is null)
        {
            var id = declared.Name[(declared.Name.LastIndexOf('/') + 1)..];
            engine.CreateSchema(Parent(declared.Name, "/schemas/"), id, SchemaMapping.ToDomain(declared.Type), declared.Definition);
            return BootstrapOutcome.Created;
        }

        if (declared.Type == current.Type && declared.Definition == current.Definition)
        {
            return BootstrapOutcome.Unchanged;
        }
        engine.CommitSchema(declared.Name, SchemaMapping.ToDomain(declared.Type), declared.Definition);
        return BootstrapOutcome.Updated;
    }

    /// <summary>
    /// Whether cell <paramref name="cell"/>'s start applies a Pub/Sub declaration: a topic of that cell, a
    /// subscription to one; every schema (the cells of a process share them, and a topic of whichever cell starts
    /// first may refer to one). One that cannot be read goes to cell 0, which reports it.
    /// </summary>
    public bool BelongsTo(BootstrapDeclaration declaration, int cell)
    {
        try
        {
            return declaration.Kind switch
            {
                BootstrapKind.Topic => Cells.Map.OfTopic(Parse<Topic>(declaration).Name) == cell,
                BootstrapKind.Subscription => Cells.Map.OfTopic(Parse<Subscription>(declaration).Topic) == cell,
                _ => true,
            };
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            return cell == 0;
        }
    }

    private BootstrapOutcome ApplyTopic(BootstrapDeclaration declaration)
    {
        var declared = Parse<Topic>(declaration);
        var current = Existing(() => TopicMapping.ToProto(Cells.ForTopic(declared.Name).GetTopic(declared.Name)));
        if (current is null)
        {
            Cells.ForTopic(declared.Name).CreateTopic(declared.Name, TopicMapping.ToSettings(declared));
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        Cells.ForTopic(declared.Name).UpdateTopic(declared.Name, settings => TopicMapping.ApplyMask(settings, declared, changed));
        return BootstrapOutcome.Updated;
    }

    private BootstrapOutcome ApplySubscription(BootstrapDeclaration declaration)
    {
        var declared = Parse<Subscription>(declaration);
        var current = Existing(() => SubscriptionMapping.ToProto(Cells.ForSubscription(declared.Name).GetSubscription(declared.Name)));
        if (current is null)
        {
            var settings = SubscriptionMapping.ToSettings(declared);
            Cells.ForTopic(settings.Topic).CreateSubscription(declared.Name, settings, DeclaresTopic(declared.DeadLetterPolicy?.DeadLetterTopic));
            return BootstrapOutcome.Created;
        }

        var changed = DeclaredChanges.Find(declaration.Body, declared, current);
        if (changed.Count == 0)
        {
            return BootstrapOutcome.Unchanged;
        }
        // The engine refuses what UpdateSubscription refuses: another topic, a changed filter or ordering.
        Cells.ForSubscription(declared.Name).UpdateSubscription(declared.Name, settings => SubscriptionMapping.ApplyMask(settings, declared, changed),
            DeclaresTopic(declared.DeadLetterPolicy?.DeadLetterTopic));
        return BootstrapOutcome.Updated;
    }

    /// <summary>
    /// Whether the file declares topic <paramref name="name"/>: with Pub/Sub in cells its cell applies it as it opens,
    /// perhaps after the cell of a subscription whose dead-letter topic it is.
    /// </summary>
    private bool DeclaresTopic(string? name) =>
        name is not null && services.GetRequiredService<BootstrapFile>().Declarations.Any(d => d.Kind == BootstrapKind.Topic && d.Name == name);

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
