using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Kernel.Errors;

namespace Tidings.Bootstrap;

/// <summary>
/// Applies the bootstrap file as the host starts. Registered after every engine's start-up service, so it runs once
/// they have recovered, and before the server binds its port (the web server starts after all hosted services), so
/// no client sees the server before the declared resources exist. The first declaration that fails stops start-up
/// with a <see cref="BootstrapException"/>; those before it stay applied.
/// </summary>
internal sealed class BootstrapStartup(BootstrapFile file, BootstrapApplier applier, ILogger<BootstrapStartup> logger) : IHostedService
{
    /// <summary>
    /// The kinds this instance applies; null (default) for all. A cluster starts one instance per service on the node
    /// that runs it, with that service's kinds.
    /// </summary>
    public IReadOnlySet<BootstrapKind>? Kinds { get; init; }

    /// <summary>With Pub/Sub in cells, the cell whose start this is: only its declarations are applied (<see cref="BootstrapApplier.BelongsTo"/>).</summary>
    public int? Cell { get; init; }

    /// <summary>Which part of the file this instance applies, as its log line names it: the whole file alone, a service's or a cell's part in a cluster.</summary>
    private string Part => (Cell, Kinds) switch
    {
        ({ } cell, _) => $"Pub/Sub cell {cell}",
        (null, null) => "all",
        (null, var kinds) when kinds.Contains(BootstrapKind.Queue) => "Cloud Tasks",
        (null, var kinds) when kinds.Contains(BootstrapKind.Job) => "Cloud Scheduler",
        _ => "Pub/Sub",
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<BootstrapOutcome, int>();
        foreach (var declaration in file.Declarations.Where(d => Kinds?.Contains(d.Kind) != false && (Cell is not { } cell || applier.BelongsTo(d, cell))))
        {
            BootstrapOutcome outcome;
            try
            {
                outcome = await applier.ApplyAsync(declaration, cancellationToken, Cell).ConfigureAwait(false);
            }
            catch (TidingsException ex)
            {
                throw new BootstrapException($"Bootstrap file '{file.Path}' {declaration.Describe()}: {GoogleCodes.NameOf(ex.Code)}: {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                // What a REST request with this body would get as INVALID_ARGUMENT from the JSON transcoder.
                throw new BootstrapException($"Bootstrap file '{file.Path}' {declaration.Describe()}: not a valid {declaration.Kind.ToString().ToLowerInvariant()}: {ex.Message}", ex);
            }

            BootstrapLog.Applied(logger, declaration.Kind, declaration.Name, outcome, declaration.Line);
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
        }

        BootstrapLog.Done(logger, file.Path, counts.GetValueOrDefault(BootstrapOutcome.Created),
            counts.GetValueOrDefault(BootstrapOutcome.Updated), counts.GetValueOrDefault(BootstrapOutcome.Unchanged), Part);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

}
