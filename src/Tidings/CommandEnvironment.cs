using System.Collections;

namespace Tidings;

/// <summary>What the command reads and writes besides its arguments; the process's own in production, fakes in tests.</summary>
internal sealed record CommandEnvironment(
    IReadOnlyDictionary<string, string?> Variables,
    string WorkingDirectory,
    TextWriter Out,
    TextWriter Error)
{
    public static CommandEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value;
        }

        return new CommandEnvironment(variables, Environment.CurrentDirectory, Console.Out, Console.Error);
    }
}
