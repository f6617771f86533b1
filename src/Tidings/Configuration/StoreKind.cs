namespace Tidings.Configuration;

/// <summary>Where the server keeps its state (<see cref="TidingsOptions.Store"/>).</summary>
internal enum StoreKind
{
    /// <summary>The embedded engine under the data directory: segment logs and SQLite. One server per directory.</summary>
    Embedded,

    /// <summary>A PostgreSQL database, which several nodes may share as a cluster (<c>Cluster/</c>).</summary>
    Postgres,

    /// <summary>Nothing written anywhere; everything is lost at exit. The same as <see cref="TidingsOptions.InMemory"/>.</summary>
    Memory,
}
