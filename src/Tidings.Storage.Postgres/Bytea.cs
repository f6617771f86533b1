using System.Runtime.InteropServices;

namespace Tidings.Storage.Postgres;

/// <summary>Values for <c>bytea</c> parameters, which Npgsql binds from arrays.</summary>
internal static class Bytea
{
    /// <summary>The caller's own array when <paramref name="value"/> is one whole array (the codecs' are), else a copy.</summary>
    public static byte[] Of(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
}
