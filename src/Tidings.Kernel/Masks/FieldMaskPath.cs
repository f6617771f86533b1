using System.Text;

namespace Tidings.Kernel.Masks;

/// <summary>The spellings of a field mask path: Google accepts proto names and, as REST clients send them, JSON names.</summary>
public static class FieldMaskPath
{
    /// <summary>
    /// <c>rateLimits.maxDispatchesPerSecond</c> → <c>rate_limits.max_dispatches_per_second</c>; a path already in proto
    /// names comes back as it is.
    /// </summary>
    public static string ToProtoName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.Any(char.IsAsciiLetterUpper))
        {
            return path;
        }
        var snake = new StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                snake.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                snake.Append(c);
            }
        }
        return snake.ToString();
    }
}
