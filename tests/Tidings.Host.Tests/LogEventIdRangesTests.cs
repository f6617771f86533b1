using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Tidings.Host.Tests;

/// <summary>
/// Every log event of every Tidings assembly has an id in its component's range, as docs/architecture.md lists
/// them, and no two events share an id. Regression: the executable's and Delivery's events were both numbered 1-5.
/// </summary>
public sealed partial class LogEventIdRangesTests
{
    [Fact]
    public void EventIds_AreInTheirComponentsRange_AndUnique()
    {
        var ranges = ReadRanges();
        var seen = new Dictionary<int, string>();
        var problems = new List<string>();
        foreach (var assembly in TidingsAssemblies())
        {
            var name = assembly.GetName().Name!;
            if (!ranges.TryGetValue(name, out var range))
            {
                problems.Add($"{name} has no range in docs/architecture.md");
                continue;
            }
            foreach (var (eventId, method) in LogEvents(assembly))
            {
                if (eventId < range.First || eventId > range.Last)
                {
                    problems.Add($"{method} has id {eventId}, outside {name}'s {range.First}-{range.Last}");
                }
                if (!seen.TryAdd(eventId, method))
                {
                    problems.Add($"{method} and {seen[eventId]} share id {eventId}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.NotEmpty(seen);
    }

    /// <summary>The rows of the "Log event ids" table: <c>| 1000–1999 | `Tidings.PubSub` ... |</c>.</summary>
    private static Dictionary<string, (int First, int Last)> ReadRanges()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));
        var section = text[text.IndexOf("## Log event ids", StringComparison.Ordinal)..];
        var ranges = new Dictionary<string, (int, int)>();
        foreach (Match row in RangeRow().Matches(section))
        {
            ranges[row.Groups["name"].Value] = (
                int.Parse(row.Groups["first"].Value, CultureInfo.InvariantCulture),
                int.Parse(row.Groups["last"].Value, CultureInfo.InvariantCulture));
        }
        Assert.NotEmpty(ranges);
        return ranges;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tidings.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("The repository root (Tidings.slnx) is not above the test's directory.");
    }

    /// <summary>The server's assemblies next to the tests: the executable and every Tidings.* library it uses.</summary>
    private static IEnumerable<Assembly> TidingsAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "Tidings*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal) && name is not ("Tidings.Protos" or "Tidings.Testing"))
            .Select(name => Assembly.Load(name!));

    private static IEnumerable<(int EventId, string Method)> LogEvents(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (attribute.EventId, $"{type.FullName}.{method.Name}");

    [GeneratedRegex(@"^\|\s*(?<first>\d+)[–-](?<last>\d+)\s*\|\s*`(?<name>[\w.]+)`", RegexOptions.Multiline)]
    private static partial Regex RangeRow();
}
