using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Tidings.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Tidings.Cluster;

/// <summary>
/// The connections a node forwards over: one pooled handler for every request to another node (HTTP/2
/// connections multiplex gRPC calls; more open when one is full), with the same large flow-control windows as
/// our own endpoint, so a 10 MiB publish is not throttled by the hop. The node's own calls to other nodes (a
/// Scheduler publish to Pub/Sub's owner, the console overview's parts) use the same <see cref="Handler"/>. Over https
/// a node accepts what the machine's trust store accepts and, besides, its own <c>--tls-cert</c>: nodes that share
/// one certificate (a self-signed one, say) reach each other without a CA, and a peer that presents it holds its key.
/// </summary>
internal sealed class ForwardingClient : IDisposable
{

    public ForwardingClient(TidingsOptions options, ClusterNode node)
    {
        Handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            InitialHttp2StreamWindowSize = 16 * 1024 * 1024,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            // An owner that vanished without closing its connections (a machine lost) is noticed by pings.
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ActivityHeadersPropagator = null,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustOwnCertificate(options) },
        };
        Invoker = new HttpMessageInvoker(Handler, disposeHandler: false);
        // A StreamingPull may sit idle for its whole lifetime; the stream, not the hop, decides when it ends.
        var activity = TimeSpan.FromSeconds(options.PubSub.StreamLifetimeSeconds) + TimeSpan.FromMinutes(1);
        GrpcConfig = new ForwarderRequestConfig
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            ActivityTimeout = activity,
        };
        RestConfig = new ForwarderRequestConfig
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            ActivityTimeout = activity,
        };
        Transformer = new ForwardedTransformer(node.NodeId);
    }

    /// <summary>
    /// The trust store's verdict, or failing it whether the peer presented this node's own certificate (byte for byte:
    /// the name it was reached by does not matter, since only a holder of the shared key can present it).
    /// </summary>
    internal static RemoteCertificateValidationCallback TrustOwnCertificate(TidingsOptions options)
    {
        using var own = options.TlsCert.Length > 0 ? X509Certificate2.CreateFromPem(File.ReadAllText(options.TlsCert)) : null;
        var ownBytes = own?.RawData;
        return (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || (ownBytes is not null && certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(ownBytes));
    }

    /// <summary>The one pool of connections to other nodes; owned here, so its users must not dispose it.</summary>
    public SocketsHttpHandler Handler { get; }

    public HttpMessageInvoker Invoker { get; }

    public ForwarderRequestConfig GrpcConfig { get; }

    public ForwarderRequestConfig RestConfig { get; }

    /// <summary>YARP's default copy of the request, plus the header naming this node as the forwarder.</summary>
    public HttpTransformer Transformer { get; }

    public void Dispose()
    {
        Invoker.Dispose();
        Handler.Dispose();
    }
}
