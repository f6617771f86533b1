namespace Tidings.Cluster;

/// <summary>
/// Ends the process at once, without a graceful stop: what a node does when it may no longer hold its locks, so
/// it writes nothing more to the shared database. Injectable so tests see the stop instead of dying.
/// </summary>
internal interface IFailStop
{
    /// <summary>Stops with <paramref name="exitCode"/> (one of <see cref="ExitCodes"/>); does not return in production.</summary>
    void Stop(int exitCode, string reason);
}
