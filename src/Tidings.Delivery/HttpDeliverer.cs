using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Tidings.Delivery;

/// <summary>
/// Posts deliveries over one pooled <see cref="HttpClient"/>: connections are reused per endpoint and
/// recycled every <see cref="PooledConnectionLifetime"/> (so DNS changes are seen); redirects are followed only
/// when the request asks (otherwise a 3xx is reported as such); no cookies; no automatic decompression; the standard proxy
/// environment variables (<c>HTTPS_PROXY</c>, <c>NO_PROXY</c>…) are honoured. Header values are sent as
/// UTF-8. The response body is read and discarded, at most <see cref="MaxResponseBodyBytes"/>.
/// The attempt's timeout runs on the <see cref="TimeProvider"/> given, like all of Tidings' time, so a fake
/// clock drives it in tests. Thread-safe; dispose to close the pool.
/// </summary>
public sealed class HttpDeliverer : IHttpDeliverer, IDisposable
{
    /// <summary>How long a pooled connection is kept before it is replaced: 2 minutes.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>How many redirects a request that follows them may take before its last 3xx counts: 10.</summary>
    public const int MaxRedirects = 10;

    /// <summary>How much of a response body is read before the response is dropped: 64 KiB.</summary>
    public const int MaxResponseBodyBytes = 64 * 1024;

    private readonly IOidcTokenIssuer _tokens;
    private readonly EndpointAllowList _allowList;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpDeliverer> _logger;
    private readonly HttpClient _client;

    /// <param name="tokens">Mints the tokens of requests with <see cref="HttpDeliveryRequest.Oidc"/> or <see cref="HttpDeliveryRequest.OAuth"/>.</param>
    /// <param name="allowList">The endpoints deliveries may go to; <see cref="EndpointAllowList.AllowAll"/> for any.</param>
    /// <param name="time">The clock of timeouts and latencies.</param>
    /// <param name="logger">Receives a Debug event per attempt.</param>
    public HttpDeliverer(IOidcTokenIssuer tokens, EndpointAllowList allowList, TimeProvider time, ILogger<HttpDeliverer> logger)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(allowList);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _tokens = tokens;
        _allowList = allowList;
        _time = time;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = PooledConnectionLifetime,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        // Timeouts are per attempt, from the request, not the client's.
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(HttpDeliveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var endpoint = request.Endpoint;
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            return Report(endpoint, new DeliveryResult(DeliveryOutcome.ConnectionFailed, 0, TimeSpan.Zero,
                $"Endpoint {endpoint.OriginalString} is not an absolute http or https URL."));
        }
        if (!_allowList.Allows(endpoint))
        {
            return Report(endpoint, new DeliveryResult(DeliveryOutcome.NotAllowed, 0, TimeSpan.Zero,
                $"Host {endpoint.Authority} is not in the endpoint allow list."));
        }

        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(request.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        DeliveryResult result;
        try
        {
            // Inside the attempt's timeout: the token may wait for the issuer to learn its address.
            var token = await TokenAsync(request, linked.Token).ConfigureAwait(false);
            var status = await ExchangeAsync(request, token, linked.Token, cancellationToken).ConfigureAwait(false);
            result = new DeliveryResult(DeliveryOutcome.Responded, status, _time.GetElapsedTime(started), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = new DeliveryResult(DeliveryOutcome.TimedOut, 0, _time.GetElapsedTime(started),
                $"No response within {request.Timeout.TotalMilliseconds:0} ms.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            result = new DeliveryResult(DeliveryOutcome.ConnectionFailed, 0, _time.GetElapsedTime(started), Describe(e));
        }
        return Report(endpoint, result);
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<string?> TokenAsync(HttpDeliveryRequest request, CancellationToken cancellationToken)
    {
        if (request.Oidc is { } oidc)
        {
            return await _tokens.CreateTokenAsync(oidc.ServiceAccountEmail, oidc.Audience, cancellationToken).ConfigureAwait(false);
        }
        if (request.OAuth is { } oauth)
        {
            return await _tokens.CreateAccessTokenAsync(oauth.ServiceAccountEmail, oauth.Scope, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>
    /// Sends the request and returns the status of the answer that counts: the first one, or with
    /// <see cref="HttpDeliveryRequest.FollowRedirects"/> the last of a redirect chain. A 301/302/303 turns a
    /// non-GET/HEAD into a body-less GET, 307/308 repeat the method and body (as browsers and HttpClient do); the
    /// token is not sent to another origin.
    /// </summary>
    private async Task<int> ExchangeAsync(
        HttpDeliveryRequest request, string? token, CancellationToken attemptToken, CancellationToken callerToken)
    {
        var endpoint = request.Endpoint;
        var method = request.Method;
        var body = request.Body;
        for (var redirects = 0; ; redirects++)
        {
            var sameOrigin = Uri.Compare(endpoint, request.Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped,
                StringComparison.OrdinalIgnoreCase) == 0;
            using var message = CreateMessage(request, endpoint, method, body, sameOrigin ? token : null);
            if (redirects == 0 && request.Host is { } host)
            {
                message.Headers.Host = host;
            }
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptToken)
                .ConfigureAwait(false);
            await DrainAsync(response, attemptToken, callerToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!request.FollowRedirects || redirects == MaxRedirects || status is < 300 or > 399
                || response.Headers.Location is not { } location)
            {
                return status;
            }
            var next = location.IsAbsoluteUri ? location : new Uri(endpoint, location);
            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps || !_allowList.Allows(next))
            {
                return status;
            }
            if (status is 301 or 302 or 303 && method is not ("GET" or "HEAD"))
            {
                method = "GET";
                body = ReadOnlyMemory<byte>.Empty;
            }
            endpoint = next;
        }
    }

    private HttpRequestMessage CreateMessage(
        HttpDeliveryRequest request, Uri endpoint, string method, ReadOnlyMemory<byte> body, string? token)
    {
        // Parse hands out the shared instances of the standard methods instead of a new one per request.
        var message = new HttpRequestMessage(HttpMethod.Parse(method), endpoint);
        if (!body.IsEmpty || request.ContentType is not null)
        {
            var content = new ReadOnlyMemoryContent(body);
            if (request.ContentType is not null)
            {
                DeliveryHeaders.SetContentType(content, request.ContentType);
            }
            message.Content = content;
        }
        var hasUserAgent = DeliveryHeaders.Add(message, request.Headers, replaceAuthorization: token is not null,
            (name, reason) => DeliveryLog.HeaderSkipped(_logger, endpoint, name, reason));
        if (!hasUserAgent)
        {
            message.Headers.TryAddWithoutValidation("User-Agent", DeliveryHeaders.GoogleUserAgent);
        }
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return message;
    }

    /// <summary>
    /// Reads the body to its end or the cap, so the connection can go back to the pool. Once the status has
    /// arrived the attempt counts as answered: a body that fails, or stalls past the timeout, only ends the
    /// drain early. Only the caller's cancellation escapes.
    /// </summary>
    private static async Task DrainAsync(
        HttpResponseMessage response, CancellationToken attemptToken, CancellationToken callerToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var body = await response.Content.ReadAsStreamAsync(attemptToken).ConfigureAwait(false);
            var total = 0;
            while (total < MaxResponseBodyBytes)
            {
                var chunk = buffer.AsMemory(0, Math.Min(buffer.Length, MaxResponseBodyBytes - total));
                var read = await body.ReadAsync(chunk, attemptToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                total += read;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException
            || (e is OperationCanceledException && !callerToken.IsCancellationRequested))
        {
            // The endpoint answered; the rest of its body is not our business.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private DeliveryResult Report(Uri endpoint, DeliveryResult result)
    {
        DeliveryLog.Result(_logger, endpoint, result);
        return result;
    }

    /// <summary>The message with its inner causes, e.g. "Connection refused (127.0.0.1:9)".</summary>
    private static string Describe(Exception e)
    {
        var text = new StringBuilder(e.Message);
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.ToString().Contains(inner.Message, StringComparison.Ordinal))
            {
                text.Append(" (").Append(inner.Message).Append(')');
            }
        }
        return text.ToString();
    }
}
