using Microsoft.Extensions.Configuration;

namespace Tidings.Configuration;

/// <summary>
/// Builds <see cref="TidingsOptions"/> from, in increasing precedence: the JSON config file, the
/// <c>TIDINGS_*</c> environment variables, and the command line. The environment and working directory are
/// parameters so tests need not touch the process's own.
/// </summary>
internal static class TidingsOptionsLoader
{
    /// <summary>The config file read from the working directory when <c>--config</c> is not given and the file exists.</summary>
    public const string DefaultConfigFileName = "tidings.json";

    /// <exception cref="TidingsConfigurationException">A missing or malformed config file, or a value of the wrong type.</exception>
    public static TidingsOptions Load(
        CommandLineArguments commandLine,
        IReadOnlyDictionary<string, string?> environment,
        string workingDirectory)
    {
        var builder = new ConfigurationBuilder();

        var configFile = ResolveConfigFile(commandLine.ConfigFile, workingDirectory);
        if (configFile is not null)
        {
            builder.AddJsonFile(configFile, optional: false, reloadOnChange: false);
        }

        builder.AddInMemoryCollection(FromEnvironment(environment));
        builder.AddInMemoryCollection(commandLine.Settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));

        var options = Bind(Build(builder, configFile));
        options.DataDir = string.IsNullOrWhiteSpace(options.DataDir)
            ? DefaultDataDirectory.Resolve(environment)
            : Path.GetFullPath(options.DataDir, workingDirectory);
        options.Bootstrap = AbsoluteOrEmpty(options.Bootstrap, workingDirectory);
        options.TlsCert = AbsoluteOrEmpty(options.TlsCert, workingDirectory);
        options.TlsKey = AbsoluteOrEmpty(options.TlsKey, workingDirectory);
        return options;
    }

    private static string AbsoluteOrEmpty(string path, string workingDirectory) =>
        string.IsNullOrWhiteSpace(path) ? "" : Path.GetFullPath(path, workingDirectory);

    private static string? ResolveConfigFile(string? explicitFile, string workingDirectory)
    {
        if (explicitFile is not null)
        {
            var path = Path.GetFullPath(explicitFile, workingDirectory);
            return File.Exists(path)
                ? path
                : throw new TidingsConfigurationException($"Config file '{path}' (from {CommandLineArguments.ConfigOption}) does not exist.");
        }

        var defaultPath = Path.Combine(workingDirectory, DefaultConfigFileName);
        return File.Exists(defaultPath) ? defaultPath : null;
    }

    // Only the documented names are read: an empty variable counts as unset, so 'TIDINGS_PORT=' keeps the default.
    private static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var setting in TidingsSetting.All)
        {
            if (environment.TryGetValue(setting.EnvironmentVariable, out var value) && !string.IsNullOrEmpty(value))
            {
                yield return KeyValuePair.Create(setting.Key, (string?)value);
            }
        }
    }

    private static IConfigurationRoot Build(ConfigurationBuilder builder, string? configFile)
    {
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new TidingsConfigurationException($"Config file '{configFile}' is not valid JSON: {reason}", ex);
        }
    }

    private static TidingsOptions Bind(IConfigurationRoot configuration)
    {
        var options = new TidingsOptions();
        try
        {
            // Unknown keys under "Tidings" are errors, so a typo in the config file does not go unnoticed.
            configuration.GetSection(TidingsOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value: "Failed to convert configuration value 'x' at 'Tidings:Port' ...".
            throw new TidingsConfigurationException($"Invalid configuration: {ex.Message}", ex);
        }
        finally
        {
            (configuration as IDisposable)?.Dispose();
        }

        return options;
    }
}
