using System.Globalization;
using System.Security.Cryptography;

namespace Tidings.Tasks.Tasks;

/// <summary>
/// Ids for tasks created without a name: unsigned 64-bit numbers in decimal, the shape Google's generated ids have.
/// The high bits are the milliseconds since the Unix epoch, the low <see cref="RandomBits"/> random, so ids drawn
/// later sort after earlier ones (as 19-digit strings, until 2045): a new task then lands at the end of its queue's
/// key range in the task store rather than on a random page, which measured as a third of the store's work per
/// dispatch. Two ids of one millisecond collide with a chance of 1 in 4 million; CreateTask draws again when the
/// store says the name is taken, so a retried CreateTask never lands on a task it did not create.
/// </summary>
internal static class TaskIds
{
    private const int RandomBits = 22;

    public static string Generate(TimeProvider time)
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        var random = BitConverter.ToUInt32(bytes) & ((1u << RandomBits) - 1);
        var millis = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        return ((millis << RandomBits) | random).ToString(CultureInfo.InvariantCulture);
    }
}
