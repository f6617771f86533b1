using System.Globalization;

namespace Tidings.Storage.Segments;

/// <summary>File and directory names of the segment log (FORMAT.md).</summary>
internal static class SegmentFiles
{
    public const string Extension = ".seg";

    /// <summary>A log directory renamed so for deletion; removed at the next start if the removal did not finish.</summary>
    public const string DeletedSuffix = ".deleted";

    /// <summary>Held with an exclusive lock while a store has the directory open.</summary>
    public const string LockFileName = "lock";

    public static string NameOf(long firstSequence) => firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static string DirectoryNameOf(long logId) => logId.ToString("D12", CultureInfo.InvariantCulture);

    public static bool TryParseSegment(string fileName, out long firstSequence) =>
        TryParseDigits(fileName, 20, Extension, out firstSequence);

    public static bool TryParseLogDirectory(string name, out long logId) => TryParseDigits(name, 12, "", out logId);

    public static bool TryParseDeletedDirectory(string name, out long logId) => TryParseDigits(name, 12, DeletedSuffix, out logId);

    private static bool TryParseDigits(string name, int digits, string suffix, out long value)
    {
        value = 0;
        if (name.Length != digits + suffix.Length || !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }
        var number = name.AsSpan(0, digits);
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
