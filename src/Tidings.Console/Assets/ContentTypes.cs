namespace Tidings.WebConsole.Assets;

/// <summary>The content types of the kinds of file the console ships; anything else is not served.</summary>
internal static class ContentTypes
{
    public static string? For(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => null,
    };
}
