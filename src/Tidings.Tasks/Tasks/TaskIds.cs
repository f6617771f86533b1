using System.Globalization;
using System.Security.Cryptography;

namespace Tidings.Tasks.Tasks;

/// <summary>
/// Ids for tasks created without a name: random unsigned 64-bit numbers in decimal, the shape Google's generated ids
/// have. Random rather than sequential, so a retried CreateTask never collides with a task it did not create.
/// </summary>
internal static class TaskIds
{
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes).ToString(CultureInfo.InvariantCulture);
    }
}
