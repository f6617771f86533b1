using System.Security.Cryptography;

namespace Tidings.PubSub.Schemas;

/// <summary>Revision ids as Google makes them: eight random lowercase hexadecimal digits (AIP-162), never reused within a schema.</summary>
internal static class SchemaRevisionIds
{
    public static string New(RegisteredSchema? schema)
    {
        while (true)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            if (schema is null || !schema.HasEverUsed(id))
            {
                return id;
            }
        }
    }
}
