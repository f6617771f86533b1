using System.Net;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Console;

/// <summary>The console's files come from the server itself, over HTTP/1.1, with a policy that allows only its own scripts.</summary>
public sealed class ConsolePageTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    [Fact]
    public async Task Console_WithoutSlash_RedirectsToThePage()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };

        using var response = await http.GetAsync("/console");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Page_ServedAsHtmlWithItsScriptAndAPolicy()
    {
        using var response = await server.Http.GetAsync("/console/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(1, 1), response.Version);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\"></script>", html, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("js/app.js", "text/javascript")]
    [InlineData("js/views/pubsub.js", "text/javascript")]
    [InlineData("console.css", "text/css")]
    [InlineData("icon.svg", "image/svg+xml")]
    public async Task Assets_ServedWithTheirContentType(string path, string mediaType)
    {
        using var response = await server.Http.GetAsync($"/console/{path}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Content.Headers.ContentLength > 0);
    }

    [Theory]
    [InlineData("/console/missing.js")]
    [InlineData("/console/js/..%2Findex.html")]
    [InlineData("/console/Tidings.Console.csproj")]
    public async Task UnknownFiles_NotFound(string path)
    {
        using var response = await server.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnknownApi_JsonNotFound()
    {
        var (status, body) = await ConsoleCall.GetAsync(server.Http, "nothing-here");

        Assert.Equal(404, status);
        Assert.Equal("NOT_FOUND", body.GetProperty("error").GetProperty("status").GetString());
    }
}
