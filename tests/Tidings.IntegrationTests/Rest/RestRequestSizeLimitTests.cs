using System.Net;
using System.Text;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Rest;

/// <summary>
/// REST bodies over 10,485,760 bytes are refused as Google refuses them: INVALID_ARGUMENT, HTTP 400,
/// <c>Request payload size exceeds the limit: 10485760 bytes.</c>, whether the size is declared or the body is
/// chunked; a body of exactly the limit is served.
/// </summary>
public sealed class RestRequestSizeLimitTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private const int Limit = 10_485_760;

    private readonly string _project = TidingsServerFixture.NewProject();

    /// <summary>A publish request of exactly <paramref name="bodyBytes"/> bytes: base64 data, padded with spaces.</summary>
    private static byte[] PublishBody(int bodyBytes)
    {
        const string Prefix = "{\"messages\":[{\"data\":\"";
        const string Suffix = "\"}]}";
        var dataChars = bodyBytes - Prefix.Length - Suffix.Length;
        dataChars -= dataChars % 4;
        var json = new StringBuilder(bodyBytes).Append(Prefix).Append('A', dataChars).Append(Suffix);
        json.Append(' ', bodyBytes - json.Length);
        return Encoding.ASCII.GetBytes(json.ToString());
    }

    private static void AssertRefused(RestCall answer)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var error = answer.Json["error"]!;
        Assert.Equal(400, error["code"]!.GetValue<int>());
        Assert.Equal("INVALID_ARGUMENT", error["status"]!.GetValue<string>());
        Assert.Equal("Request payload size exceeds the limit: 10485760 bytes.", error["message"]!.GetValue<string>());
    }

    private async Task<RestCall> PublishAsync(byte[] body, bool chunked)
    {
        (await RestCall.SendAsync(server.Http, HttpMethod.Put, $"/v1/projects/{_project}/topics/big", "{}")).AssertStatusOk();
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/projects/{_project}/topics/big:publish") { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        using var response = await server.Http.SendAsync(request);
        return new RestCall(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_BodyOfExactlyTheLimit_IsServed(bool chunked)
    {
        var answer = await PublishAsync(PublishBody(Limit), chunked);

        answer.AssertStatusOk();
        Assert.Single(answer.Json["messageIds"]!.AsArray());
    }

    [Theory]
    [InlineData(false, Limit + 1)]
    [InlineData(true, Limit + 1)]
    [InlineData(false, 3 * Limit)]
    [InlineData(true, 3 * Limit)]
    public async Task Publish_BodyOverTheLimit_IsInvalidArgumentWithGooglesText(bool chunked, int bodyBytes)
    {
        var answer = await PublishAsync(PublishBody(bodyBytes), chunked);

        AssertRefused(answer);
    }

    [Fact]
    public async Task CreateTopic_BodyOverTheLimit_IsRefusedToo()
    {
        var labels = string.Join(',', Enumerable.Range(0, 800_000).Select(i => $"\"k{i}\":\"v{i}\""));
        var body = "{\"labels\":{" + labels + "}}";
        Assert.True(body.Length > Limit);

        var answer = await RestCall.SendAsync(server.Http, HttpMethod.Put, $"/v1/projects/{_project}/topics/labelled", body);

        AssertRefused(answer);
    }

    [Fact]
    public async Task Publish_AfterARefusal_StillWorks()
    {
        await PublishAsync(PublishBody(Limit + 1), chunked: false);

        var answer = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"/v1/projects/{_project}/topics/big:publish", """{"messages":[{"data":"aGk="}]}""");

        answer.AssertStatusOk();
    }
}
