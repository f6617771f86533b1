namespace Tidings.Hosting;

/// <summary>What <see cref="Http2PrefaceSniffer"/> decided for a connection.</summary>
internal enum ConnectionProtocol
{
    /// <summary>Not decided: the connection closed, was asked to close, or timed out first. It is dropped.</summary>
    None,

    /// <summary>Anything but the HTTP/2 preface; Kestrel serves HTTP/1.1 (and rejects what is not HTTP).</summary>
    Http1,

    /// <summary>The connection opened with the HTTP/2 client preface: HTTP/2 with prior knowledge.</summary>
    Http2,
}
