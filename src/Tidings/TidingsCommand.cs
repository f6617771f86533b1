using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tidings.Bootstrap;
using Tidings.Configuration;
using Tidings.Hosting;
using Tidings.Kernel.Hosting;
using Tidings.Storage.Segments;

namespace Tidings;

/// <summary>The <c>tidings</c> command: parse, validate, build, serve until stopped.</summary>
internal static class TidingsCommand
{
    /// <summary>The line printed to standard output once serving, followed by <c>host:port</c>; harnesses wait for it.</summary>
    public const string ListeningLinePrefix = "Tidings listening on ";

    /// <summary>
    /// Runs the server until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>, then stops it gracefully.
    /// Returns one of <see cref="ExitCodes"/>.
    /// </summary>
    public static async Task<int> RunAsync(
        string[] args,
        CommandEnvironment environment,
        CancellationToken cancellationToken,
        Action<IServiceCollection>? configureServices = null)
    {
        TidingsOptions options;
        try
        {
            var commandLine = CommandLineArguments.Parse(args);
            if (commandLine.ShowHelp)
            {
                await environment.Out.WriteLineAsync(Usage.Text);
                return ExitCodes.Success;
            }

            options = TidingsOptionsLoader.Load(commandLine, environment.Variables, environment.WorkingDirectory);
        }
        catch (TidingsConfigurationException ex)
        {
            await environment.Error.WriteLineAsync($"tidings: {ex.Message}");
            return ExitCodes.InvalidSettings;
        }

        var validation = new TidingsOptionsValidator().Validate(name: null, options);
        if (validation.Failed)
        {
            foreach (var failure in validation.Failures ?? [])
            {
                await environment.Error.WriteLineAsync($"tidings: {failure}");
            }

            return ExitCodes.InvalidSettings;
        }

        return await ServeAsync(options, environment, cancellationToken, configureServices);
    }

    private static async Task<int> ServeAsync(
        TidingsOptions options,
        CommandEnvironment environment,
        CancellationToken cancellationToken,
        Action<IServiceCollection>? configureServices)
    {
        WebApplication built;
        try
        {
            built = TidingsHost.Build(options, configureServices);
        }
        catch (TidingsConfigurationException ex)
        {
            await environment.Error.WriteLineAsync($"tidings: {ex.Message}");
            return ExitCodes.InvalidSettings;
        }

        await using var app = built;
        try
        {
            // Each service's engine opens (and recovers) as the host starts, before the port is bound; a corrupt
            // log or a locked data directory stops start-up there.
            // The default console lifetime turns Ctrl+C and SIGTERM into a graceful stop.
            await app.StartAsync(cancellationToken);
        }
        catch (EngineOpenException ex)
        {
            var hint = ex.InnerException is SegmentCorruptionException
                ? " Start with --repair to cut the log at the corruption; what is dropped is logged."
                : "";
            await environment.Error.WriteLineAsync($"tidings: cannot open the data directory {options.DataDir}: {ex.InnerException?.Message}{hint}");
            return ExitCodes.Failure;
        }
        catch (PostgresStartupException ex)
        {
            await environment.Error.WriteLineAsync(
                $"tidings: cannot use the PostgreSQL database {ClusterOptionsValidation.Redacted(options.Postgres)}: {ex.Message}");
            return ExitCodes.InvalidSettings;
        }
        catch (BootstrapException ex)
        {
            // The declarations before the failing one stay applied; being idempotent, the next start skips them.
            await environment.Error.WriteLineAsync($"tidings: {ex.Message}");
            return ExitCodes.InvalidSettings;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            await environment.Error.WriteLineAsync(
                $"tidings: cannot listen on {TidingsEndpoint.Format(options.Host, options.Port)}: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            TidingsLog.Failed(app.Logger, ex);
            return ExitCodes.Failure;
        }

        var endpoint = TidingsEndpoint.Format(options.Host, app.GetBoundPort());
        TidingsLog.Listening(app.Logger, endpoint, options.TlsCert.Length > 0 ? "TLS (ALPN)" : "cleartext");
        await environment.Out.WriteLineAsync(ListeningLinePrefix + endpoint);
        await environment.Out.FlushAsync(CancellationToken.None);

        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
