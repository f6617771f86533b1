namespace Tidings.Configuration;

/// <summary>When a publish is answered relative to the fsync of its messages.</summary>
internal enum FsyncMode
{
    /// <summary>After the fsync: nothing answered is lost, even on power loss.</summary>
    Always,

    /// <summary>After the write; fsync on an interval. A crash of the process loses nothing, power loss up to one interval.</summary>
    Interval,
}
