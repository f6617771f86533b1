using System.Buffers.Text;
using System.Text;

namespace Tidings.Kernel.Paging;

/// <summary>
/// Where a listing resumes: after the item whose sort key is <see cref="After"/>, so items added or removed between
/// calls never shift a page. On the wire it is opaque, as Google's tokens are: unpadded base64url of a format byte
/// and the key's UTF-8, so no client mistakes it for a name. The empty token starts at the beginning.
/// </summary>
public readonly record struct PageToken
{
    /// <summary>The first byte of every encoded token, to be raised if the encoding ever changes.</summary>
    private const byte Format = 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private PageToken(string after) => After = after;

    /// <summary>The first page.</summary>
    public static PageToken Start => default;

    /// <summary>The sort key of the last item already returned; null on the first page.</summary>
    public string? After { get; }

    public bool IsStart => After is null;

    /// <summary>The token that resumes after the item with <paramref name="key"/>.</summary>
    public static PageToken ResumeAfter(string key) => new(key);

    /// <summary>Decodes a token from a request; the empty string (or null) is <see cref="Start"/>.</summary>
    /// <returns>False when <paramref name="text"/> is not a token this server issued.</returns>
    public static bool TryParse(string? text, out PageToken token)
    {
        token = Start;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!Base64Url.IsValid(text, out var length) || length < 1)
        {
            return false;
        }
        var bytes = new byte[length];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != length || bytes[0] != Format)
        {
            return false;
        }
        try
        {
            token = new PageToken(StrictUtf8.GetString(bytes, 1, written - 1));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The wire form; empty for <see cref="Start"/>, which is also what a last page answers.</summary>
    public override string ToString()
    {
        if (After is null)
        {
            return "";
        }
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(After)];
        bytes[0] = Format;
        Encoding.UTF8.GetBytes(After, bytes.AsSpan(1));
        return Base64Url.EncodeToString(bytes);
    }
}
