using Google.Cloud.Tasks.V2;
using HttpMethod = Google.Cloud.Tasks.V2.HttpMethod;

namespace Tidings.Tasks.Tasks;

/// <summary>Cloud Tasks' HttpMethod enum as HTTP method names.</summary>
internal static class HttpMethods
{
    /// <summary>The method's name, upper case; POST for the unspecified value, Google's default.</summary>
    public static string Name(HttpMethod method) => method switch
    {
        HttpMethod.Get => "GET",
        HttpMethod.Head => "HEAD",
        HttpMethod.Put => "PUT",
        HttpMethod.Delete => "DELETE",
        HttpMethod.Patch => "PATCH",
        HttpMethod.Options => "OPTIONS",
        _ => "POST",
    };
}
