namespace Tidings;

/// <summary>Process exit codes of the <c>tidings</c> executable.</summary>
internal static class ExitCodes
{
    /// <summary>Stopped cleanly, or printed help.</summary>
    public const int Success = 0;

    /// <summary>The server failed to start or crashed, e.g. the port is in use.</summary>
    public const int Failure = 1;

    /// <summary>
    /// Invalid command line, config file, environment variable, TLS certificate or bootstrap file; the server did not
    /// listen. A bootstrap declaration the API refuses also ends here, after the declarations before it were applied.
    /// </summary>
    public const int InvalidSettings = 2;

    /// <summary>
    /// A cluster node lost the PostgreSQL session holding its services' locks, so another node may own them already:
    /// it stopped at once, without a graceful stop that would write to the shared database (fail-stop).
    /// </summary>
    public const int LostLeadership = 3;
}
