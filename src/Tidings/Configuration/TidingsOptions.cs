namespace Tidings.Configuration;

/// <summary>
/// Settings of the Tidings server, bound from the <c>Tidings</c> section of, in increasing precedence,
/// the JSON config file, the <c>TIDINGS_*</c> environment variables and the command line
/// (see <see cref="TidingsOptionsLoader"/>). Validated at start by <see cref="TidingsOptionsValidator"/>.
/// </summary>
internal sealed class TidingsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Tidings";

    /// <summary>
    /// Address to listen on: an IP address (<c>0.0.0.0</c> or <c>::</c> for all interfaces of one family),
    /// <c>localhost</c>, or <c>*</c> for all interfaces. Default <c>127.0.0.1</c>.
    /// Option <c>--host</c>, environment variable <c>TIDINGS_HOST</c>.
    /// </summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// TCP port serving gRPC (HTTP/2 cleartext) and REST (HTTP/1.1) together, as the official emulator does.
    /// Default 8085, the Pub/Sub emulator's. 0 picks a free port; the port bound is printed at start.
    /// Option <c>--port</c>, environment variable <c>TIDINGS_PORT</c>.
    /// </summary>
    public int Port { get; set; } = 8085;

    /// <summary>
    /// Directory holding the durable state. Empty means the default: <c>$XDG_DATA_HOME/tidings</c>, or
    /// <c>~/.local/share/tidings</c> when <c>XDG_DATA_HOME</c> is unset or relative. A relative path is taken
    /// against the working directory; after loading, the value is always an absolute path.
    /// Not used when <see cref="InMemory"/> is true.
    /// Option <c>--data-dir</c>, environment variable <c>TIDINGS_DATA_DIR</c>.
    /// </summary>
    public string DataDir { get; set; } = "";

    /// <summary>
    /// Keep all state in memory and write nothing to disk; everything is lost at exit. Default false.
    /// Option <c>--in-memory</c> (a bare flag means true), environment variable <c>TIDINGS_IN_MEMORY</c>.
    /// </summary>
    public bool InMemory { get; set; }
}
