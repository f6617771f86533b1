using System.Buffers.Text;
using System.Text;

namespace Tidings.Storage.Tasks;

/// <summary>Page tokens of <see cref="ITaskStore.ListAsync"/>: the last task id of the page before, base64url-encoded.</summary>
internal static class TaskPageToken
{
    public static string After(string taskId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(taskId));

    /// <summary>The id a page starts after; "" for the first page.</summary>
    public static string Parse(string token)
    {
        if (token.Length == 0)
        {
            return "";
        }
        try
        {
            var id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return id.Length > 0 ? id : throw Invalid(token);
        }
        catch (FormatException exception)
        {
            throw Invalid(token, exception);
        }
    }

    private static ArgumentException Invalid(string token, Exception? inner = null) =>
        new($"The page token '{token}' was not issued by this task store.", nameof(token), inner);
}
