namespace Tidings.PubSub.Filters;

/// <param name="Start">0-based index of the token's first character in the filter.</param>
/// <param name="Length">Characters the token spans in the filter (quotes and escapes included).</param>
/// <param name="Value">A string literal's resolved text, or a word; null for punctuation.</param>
internal readonly record struct FilterToken(FilterTokenKind Kind, int Start, int Length, string? Value = null)
{
    /// <summary>The token as written, for error messages; null at the end of the filter.</summary>
    public string? Source(string filter) => Kind == FilterTokenKind.End ? null : filter.Substring(Start, Length);

    public bool IsWord(string word) => Kind == FilterTokenKind.Word && Value == word;
}
