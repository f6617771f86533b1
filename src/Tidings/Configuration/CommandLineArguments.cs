namespace Tidings.Configuration;

/// <summary>The parsed command line: settings by configuration key, the config file, and whether help was asked.</summary>
internal sealed record CommandLineArguments(
    IReadOnlyDictionary<string, string> Settings,
    string? ConfigFile,
    bool ShowHelp)
{
    public const string ConfigOption = "--config";

    /// <summary>
    /// Parses <c>--name value</c>, <c>--name=value</c>, bare flags (<c>--in-memory</c>), <c>--config FILE</c>
    /// and <c>-h</c>/<c>--help</c>. A later occurrence of an option wins. Help wins over any error.
    /// </summary>
    /// <exception cref="TidingsConfigurationException">An unknown option, a stray argument or a missing value.</exception>
    public static CommandLineArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(IsHelp))
        {
            return new CommandLineArguments(new Dictionary<string, string>(), ConfigFile: null, ShowHelp: true);
        }

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? configFile = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new TidingsConfigurationException($"Unexpected argument '{arg}'. Run with --help for usage.");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var inlineValue = equals < 0 ? null : arg[(equals + 1)..];

            if (string.Equals(name, ConfigOption, StringComparison.OrdinalIgnoreCase))
            {
                configFile = inlineValue ?? TakeValue(args, ref i, name);
                continue;
            }

            var setting = TidingsSetting.All.FirstOrDefault(
                s => string.Equals(s.Option, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new TidingsConfigurationException($"Unknown option '{name}'. Run with --help for usage.");

            // A flag never takes the next argument as its value: '--in-memory --port 1' must work.
            settings[setting.Key] = inlineValue ?? (setting.IsFlag ? "true" : TakeValue(args, ref i, name));
        }

        return new CommandLineArguments(settings, configFile, ShowHelp: false);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new TidingsConfigurationException($"Option '{name}' needs a value. Run with --help for usage.");
        }

        return args[++i];
    }

    private static bool IsHelp(string arg) => arg is "-h" or "-?" or "--help";
}
