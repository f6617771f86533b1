using System.Net.Http.Json;
using System.Text.Json;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Push;

/// <summary>
/// What a push request looks like on the wire (reference §1.12): Google's JSON wrapper byte for byte, the unwrapped
/// form with and without metadata headers, the OIDC token, and the push config as GetSubscription shows it.
/// </summary>
public sealed class PushPayloadTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private PushApi NewApi() => new(server.Publisher, server.Subscriber, TidingsServerFixture.NewProject());

    /// <summary>Moves the fake clock to the next whole second plus 749 ms and returns that time.</summary>
    private DateTimeOffset SetClockToMillis()
    {
        var now = server.Time.GetUtcNow();
        var next = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero)
            .AddSeconds(1).AddMilliseconds(749);
        server.Time.SetUtcNow(next);
        return next;
    }

    [Fact]
    public async Task Wrapped_BodyIsGooglesJson_ByteForByte()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var publishTime = PushApi.FormatMillisTime(SetClockToMillis());
        // 0xFB 0xFF gives '+' and '/' in base64: they must not be escaped.
        var data = ByteString.CopyFrom([0xFB, 0xFF, 0xBF, (byte)'h', (byte)'i']);
        var ids = await api.PublishAsync(topic, PushApi.Message(data, ("kind", "order"), ("region", "eu-west-1")));

        var push = await receiver.WaitForRequestAsync(1);

        var expected =
            "{\"message\":{\"attributes\":{\"kind\":\"order\",\"region\":\"eu-west-1\"}," +
            $"\"data\":\"{data.ToBase64()}\"," +
            $"\"messageId\":\"{ids[0]}\",\"message_id\":\"{ids[0]}\"," +
            $"\"publishTime\":\"{publishTime}\",\"publish_time\":\"{publishTime}\"}}," +
            $"\"subscription\":\"{subscription}\"}}";
        Assert.Contains('+', data.ToBase64());
        Assert.Contains('/', data.ToBase64());
        Assert.Equal(expected, push.BodyText);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(expected), push.Body);
        Assert.Equal("POST", push.Method);
        Assert.Equal("application/json", push.Header("Content-Type"));
        Assert.Equal(PushApi.GoogleUserAgent, push.Header("User-Agent"));
        Assert.Null(push.Header("Authorization"));
        Assert.DoesNotContain(push.Headers.Keys, name => name.StartsWith("x-goog-pubsub-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Wrapped_OmitsAttributesWhenNone_AndCarriesOrderingKeyOnlyWhenSet()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var publishTime = PushApi.FormatMillisTime(SetClockToMillis());
        var keyed = PushApi.Message("first");
        keyed.OrderingKey = "customer-7";
        var ids = (await api.PublishAsync(topic, keyed)).Concat(await api.PublishAsync(topic, PushApi.Message("second"))).ToArray();

        await receiver.WaitUntilAsync(requests => requests.Count >= 2, "both pushes");

        var bodies = receiver.Requests.ToDictionary(r => r.MessageId!, r => r.BodyText);
        Assert.Equal(
            "{\"message\":{" +
            $"\"data\":\"{Convert.ToBase64String("first"u8)}\"," +
            $"\"messageId\":\"{ids[0]}\",\"message_id\":\"{ids[0]}\"," +
            $"\"publishTime\":\"{publishTime}\",\"publish_time\":\"{publishTime}\"," +
            "\"orderingKey\":\"customer-7\"}," +
            $"\"subscription\":\"{subscription}\"}}",
            bodies[ids[0]]);
        Assert.Equal(
            "{\"message\":{" +
            $"\"data\":\"{Convert.ToBase64String("second"u8)}\"," +
            $"\"messageId\":\"{ids[1]}\",\"message_id\":\"{ids[1]}\"," +
            $"\"publishTime\":\"{publishTime}\",\"publish_time\":\"{publishTime}\"}}," +
            $"\"subscription\":\"{subscription}\"}}",
            bodies[ids[1]]);
    }

    [Fact]
    public async Task Wrapped_UnusualAttributesAndData_SurviveAsJson()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var (topic, _) = await api.CreatePushPairAsync(receiver.Endpoint);
        var attributes = new Dictionary<string, string>
        {
            ["quote"] = "say \"hi\" \\ bye",
            ["html"] = "<b>&amp;</b> 'x'",
            ["unicode"] = "café ünïcödé 日本 🚀",
            ["control"] = "line1\nline2\ttab",
            ["empty"] = "",
            ["emoji-🚀"] = "key too",
        };
        var data = new byte[256];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)i;
        }
        var message = new PubsubMessage { Data = ByteString.CopyFrom(data) };
        message.Attributes.Add(attributes);
        await api.PublishAsync(topic, message);

        var body = (await receiver.WaitForRequestAsync(1)).Json();

        var pushed = body.GetProperty("message");
        Assert.Equal(data, pushed.GetProperty("data").GetBytesFromBase64());
        var pushedAttributes = pushed.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(attributes, pushedAttributes);
    }

    [Fact]
    public async Task NoWrapper_WithMetadata_SendsRawDataAndMetadataAndAttributesAsHeaders()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        var subscription = await api.CreateSubscriptionAsync(topic, new PushConfig
        {
            PushEndpoint = receiver.Endpoint,
            NoWrapper = new PushConfig.Types.NoWrapper { WriteMetadata = true },
        });
        var publishTime = PushApi.FormatMillisTime(SetClockToMillis());
        byte[] data = [0x00, 0x01, 0xFF, 0xFE, (byte)'{', 0x80];
        var message = PushApi.Message(ByteString.CopyFrom(data), ("kind", "order"), ("trace-id", "abc123"));
        message.OrderingKey = "customer-7";
        var ids = await api.PublishAsync(topic, message);

        var push = await receiver.WaitForRequestAsync(1);

        Assert.Equal(data, push.Body);
        Assert.Equal("POST", push.Method);
        Assert.Equal(subscription.Name, push.Header("x-goog-pubsub-subscription-name"));
        Assert.Equal(ids[0], push.Header("x-goog-pubsub-message-id"));
        Assert.Equal(publishTime, push.Header("x-goog-pubsub-publish-time"));
        Assert.Equal("customer-7", push.Header("x-goog-pubsub-ordering-key"));
        Assert.Equal("order", push.Header("kind"));
        Assert.Equal("abc123", push.Header("trace-id"));
        Assert.Equal(PushApi.GoogleUserAgent, push.Header("User-Agent"));
        Assert.NotEqual("application/json", push.Header("Content-Type"));
    }

    [Fact]
    public async Task NoWrapper_WithMetadata_WithoutOrderingKey_SendsNoOrderingKeyHeader()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        await api.CreateSubscriptionAsync(topic, new PushConfig
        {
            PushEndpoint = receiver.Endpoint,
            NoWrapper = new PushConfig.Types.NoWrapper { WriteMetadata = true },
        });
        await api.PublishAsync(topic, PushApi.Message("plain"));

        var push = await receiver.WaitForRequestAsync(1);

        Assert.Equal("plain", push.BodyText);
        Assert.NotNull(push.Header("x-goog-pubsub-message-id"));
        Assert.Null(push.Header("x-goog-pubsub-ordering-key"));
    }

    [Fact]
    public async Task NoWrapper_WithMetadata_AttributesThatCannotBeHeaders_AreLeftOut_ThePushStillGoes()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        await api.CreateSubscriptionAsync(topic, new PushConfig
        {
            PushEndpoint = receiver.Endpoint,
            NoWrapper = new PushConfig.Types.NoWrapper { WriteMetadata = true },
        });
        await api.PublishAsync(topic, PushApi.Message("odd attributes",
            ("city", "Zürich"), ("split", "line1\r\nInjected: yes"), ("has space", "x"), ("Content-Length", "1"), ("fine", "ok")));

        var push = await receiver.WaitForRequestAsync(1);

        Assert.Equal("odd attributes", push.BodyText);
        Assert.Equal("ok", push.Header("fine"));
        Assert.Equal("Zürich", push.Header("city")); // values are sent as UTF-8
        Assert.Null(push.Header("split"));
        Assert.Null(push.Header("Injected"));
        Assert.Null(push.Header("has space"));
        Assert.Equal("odd attributes".Length.ToString(System.Globalization.CultureInfo.InvariantCulture), push.Header("Content-Length"));
        Assert.Equal(200, push.AnsweredStatus);
    }

    [Fact]
    public async Task NoWrapper_WithoutMetadata_SendsOnlyTheData()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        await api.CreateSubscriptionAsync(topic, new PushConfig
        {
            PushEndpoint = receiver.Endpoint,
            NoWrapper = new PushConfig.Types.NoWrapper { WriteMetadata = false },
        });
        var message = PushApi.Message("raw body", ("kind", "order"));
        message.OrderingKey = "customer-7";
        await api.PublishAsync(topic, message);

        var push = await receiver.WaitForRequestAsync(1);

        Assert.Equal("raw body", push.BodyText);
        Assert.DoesNotContain(push.Headers.Keys, name => name.StartsWith("x-goog-pubsub-", StringComparison.OrdinalIgnoreCase));
        Assert.Null(push.Header("kind"));
        Assert.Equal(PushApi.GoogleUserAgent, push.Header("User-Agent"));
    }

    [Fact]
    public async Task GetSubscription_ShowsThePushConfig_WithXGoogVersionV1()
    {
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        var created = await api.CreateSubscriptionAsync(topic, new PushConfig
        {
            PushEndpoint = "http://127.0.0.1:9/wrapped",
            OidcToken = new PushConfig.Types.OidcToken { ServiceAccountEmail = "pusher@p.iam.gserviceaccount.com", Audience = "my-aud" },
        }, id: "wrapped");
        var unwrapped = await api.CreateSubscriptionAsync(topic, new PushConfig
        {
            PushEndpoint = "http://127.0.0.1:9/raw",
            NoWrapper = new PushConfig.Types.NoWrapper { WriteMetadata = true },
            Attributes = { ["x-goog-version"] = "v1beta1" },
        }, id: "unwrapped");

        var got = await server.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = created.Name });

        Assert.Equal("v1", created.PushConfig.Attributes["x-goog-version"]);
        Assert.Equal("http://127.0.0.1:9/wrapped", got.PushConfig.PushEndpoint);
        Assert.Equal(new Dictionary<string, string> { ["x-goog-version"] = "v1" }, got.PushConfig.Attributes);
        Assert.Equal("pusher@p.iam.gserviceaccount.com", got.PushConfig.OidcToken.ServiceAccountEmail);
        Assert.Equal("my-aud", got.PushConfig.OidcToken.Audience);
        Assert.Equal(PushConfig.WrapperOneofCase.PubsubWrapper, got.PushConfig.WrapperCase);

        var gotUnwrapped = await server.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = unwrapped.Name });
        Assert.Equal("v1beta1", gotUnwrapped.PushConfig.Attributes["x-goog-version"]);
        Assert.True(gotUnwrapped.PushConfig.NoWrapper.WriteMetadata);

        // Set through ModifyPushConfig, the version is filled in the same way; an empty config reads back empty.
        await api.SwitchToPushAsync(created.Name, new PushConfig { PushEndpoint = "http://127.0.0.1:9/modified" });
        got = await server.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = created.Name });
        Assert.Equal("http://127.0.0.1:9/modified", got.PushConfig.PushEndpoint);
        Assert.Equal("v1", got.PushConfig.Attributes["x-goog-version"]);
        Assert.Null(got.PushConfig.OidcToken);
        await api.SwitchToPullAsync(created.Name);
        got = await server.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = created.Name });
        Assert.Equal(new PushConfig(), got.PushConfig);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    [InlineData("/relative/push")]
    [InlineData("relative/push")]
    [InlineData("http://")]
    [InlineData("mailto:ops@example.com")]
    [InlineData("file:///etc/passwd")]
    public async Task InvalidEndpoint_IsRefused_InvalidArgument(string endpoint)
    {
        var api = NewApi();
        var topic = await api.CreateTopicAsync();

        var create = await Assert.ThrowsAsync<RpcException>(() =>
            api.CreateSubscriptionAsync(topic, new PushConfig { PushEndpoint = endpoint }));
        Assert.Equal(StatusCode.InvalidArgument, create.StatusCode);

        var pull = await api.CreateSubscriptionAsync(topic, push: null, id: "pull");
        var modify = await Assert.ThrowsAsync<RpcException>(() =>
            api.SwitchToPushAsync(pull.Name, new PushConfig { PushEndpoint = endpoint }));
        Assert.Equal(StatusCode.InvalidArgument, modify.StatusCode);

        var update = await Assert.ThrowsAsync<RpcException>(async () => await server.Subscriber.UpdateSubscriptionAsync(new UpdateSubscriptionRequest
        {
            Subscription = new Subscription { Name = pull.Name, Topic = topic, PushConfig = new PushConfig { PushEndpoint = endpoint } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "push_config" } },
        }));
        Assert.Equal(StatusCode.InvalidArgument, update.StatusCode);

        var unchanged = await server.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = pull.Name });
        Assert.Equal("", unchanged.PushConfig.PushEndpoint);
    }

    [Fact]
    public async Task Oidc_TokenVerifiesAgainstTheServersJwks_AudienceDefaultsToTheEndpoint()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        const string email = "pusher@my-project.iam.gserviceaccount.com";
        await api.CreateSubscriptionAsync(topic, new PushConfig
        {
            PushEndpoint = receiver.Endpoint,
            OidcToken = new PushConfig.Types.OidcToken { ServiceAccountEmail = email },
        });
        var now = server.Time.GetUtcNow();
        await api.PublishAsync(topic, PushApi.Message("signed"));

        var push = await receiver.WaitForRequestAsync(1);
        var discovery = await OidcDiscovery.FetchAsync(server.Address);

        Assert.Equal(server.Address.GetLeftPart(UriPartial.Authority), discovery.Issuer);
        Assert.Equal($"{discovery.Issuer}/oauth2/v3/certs", discovery.JwksUri);
        var token = await discovery.ValidateAsync(push.Header("Authorization"), receiver.Endpoint, validateLifetime: false);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("JWT", token.Typ);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Equal(discovery.Issuer, token.Issuer);
        Assert.Equal([receiver.Endpoint], token.Audiences);
        Assert.Equal(email, token.GetClaim("email").Value);
        Assert.True(token.GetPayloadValue<bool>("email_verified"));
        var issuedAt = token.GetPayloadValue<long>("iat");
        Assert.Equal(3600, token.GetPayloadValue<long>("exp") - issuedAt);
        Assert.InRange(issuedAt, now.ToUnixTimeSeconds(), server.Time.GetUtcNow().ToUnixTimeSeconds());
        Assert.Matches("^[0-9]{21}$", token.Subject);
        Assert.Equal(token.Subject, token.GetClaim("azp").Value);
    }

    [Fact]
    public async Task Oidc_ExplicitAudience_IsTheTokensAudience_AlsoWithoutWrapper()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        await api.CreateSubscriptionAsync(topic, new PushConfig
        {
            PushEndpoint = receiver.Endpoint,
            OidcToken = new PushConfig.Types.OidcToken { ServiceAccountEmail = "other@p.iam.gserviceaccount.com", Audience = "https://my-service.example/" },
            NoWrapper = new PushConfig.Types.NoWrapper(),
        });
        await api.PublishAsync(topic, PushApi.Message("signed"));

        var push = await receiver.WaitForRequestAsync(1);
        var discovery = await OidcDiscovery.FetchAsync(server.Address);

        var token = await discovery.ValidateAsync(push.Header("Authorization"), "https://my-service.example/", validateLifetime: false);
        Assert.Equal("other@p.iam.gserviceaccount.com", token.GetClaim("email").Value);
        Assert.Equal("signed", push.BodyText);
    }

    [Fact]
    public async Task Oidc_DiscoveryDocument_DescribesRs256IdTokens()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(server.Address, "/.well-known/openid-configuration"));
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal(["RS256"], root.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));

        var keys = await http.GetFromJsonAsync<JsonElement>(new Uri(server.Address, "/oauth2/v3/certs"));
        var key = Assert.Single(keys.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
    }
}
