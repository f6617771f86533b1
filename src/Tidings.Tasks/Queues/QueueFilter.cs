using System.Text.RegularExpressions;
using Google.Cloud.Tasks.V2;
using Tidings.Tasks.Errors;

namespace Tidings.Tasks.Queues;

/// <summary>
/// ListQueues' filter. Google documents filters on the queue's state only, in the logging filter syntax
/// (<c>state: PAUSED</c>); <c>=</c> is accepted too, and the empty filter matches every queue.
/// </summary>
internal static partial class QueueFilter
{
    public static Func<Queue, bool> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return static _ => true;
        }
        var match = StateFilter().Match(filter);
        // Enum values by their proto names (PAUSED), as the filter writes them.
        if (!match.Success || Queue.Descriptor.EnumTypes.Single(type => type.Name == "State")
                .FindValueByName(match.Groups["state"].Value) is not { } value)
        {
            throw TasksErrors.UnsupportedFilter(filter);
        }
        var state = (Queue.Types.State)value.Number;
        return queue => queue.State == state;
    }

    [GeneratedRegex(@"^\s*state\s*[:=]\s*""?(?<state>[A-Z_]+)""?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex StateFilter();
}
