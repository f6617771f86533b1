using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tidings.Delivery;

/// <summary>
/// The numeric id that stands in for a service account's unique id in the <c>sub</c> and <c>azp</c> claims.
/// Google's ids are 21 decimal digits starting with 1; ours have that shape too, derived from a SHA-256 of
/// the lower-cased email, so they are stable across restarts and servers.
/// </summary>
internal static class ServiceAccountId
{
    public static string FromEmail(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant()));
        // A ulong has at most 20 digits: padded to 20 behind the leading 1.
        var value = BinaryPrimitives.ReadUInt64BigEndian(hash);
        return "1" + value.ToString("D20", CultureInfo.InvariantCulture);
    }
}
