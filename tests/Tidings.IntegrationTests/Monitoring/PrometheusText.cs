using System.Globalization;
using System.Text.RegularExpressions;

namespace Tidings.IntegrationTests.Monitoring;

/// <summary>Reads samples out of a Prometheus text exposition: <c>name{label="value",…} number</c> lines.</summary>
internal static partial class PrometheusText
{
    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; null when none.</summary>
    public static double? Value(string exposition, string name, params (string Key, string Value)[] labels)
    {
        double? found = null;
        foreach (var line in exposition.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }
            var present = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (labels.All(label => present.TryGetValue(label.Key, out var value) && value == label.Value))
            {
                Assert.Null(found); // the labels must pick out one sample
                found = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return found;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LabelPair();
}
