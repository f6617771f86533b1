using Tidings.PubSub.Filters;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>Every operator and precedence rule of the filter grammar: each filter parses, and matches exactly the messages it should.</summary>
public sealed class ValidFilterTests
{
    [Theory]
    // Existence: the key is there, whatever its value.
    [InlineData("attributes:name", "name=com", true)]
    [InlineData("attributes:name", "name=", true)]
    [InlineData("attributes:name", "lang=en", false)]
    [InlineData("attributes:name", "", false)]
    [InlineData("attributes:name", "Name=com", false)]
    [InlineData("attributes : name", "name=com", true)]
    [InlineData("attributes:na-me_1", "na-me_1=x", true)]
    [InlineData("attributes:AND", "AND=x", true)]
    [InlineData("attributes:\"iana.org/language_tag\"", "iana.org/language_tag=en", true)]
    [InlineData("attributes:'iana.org/language_tag'", "iana.org/language_tag=en", true)]
    // Equality: present with exactly this value; keys and values are case-sensitive.
    [InlineData("attributes.name = \"com\"", "name=com", true)]
    [InlineData("attributes.name=\"com\"", "lang=en;name=com", true)]
    [InlineData("attributes.name = \"com\"", "name=Com", false)]
    [InlineData("attributes.name = \"com\"", "name=com2", false)]
    [InlineData("attributes.name = \"com\"", "NAME=com", false)]
    [InlineData("attributes.name = \"com\"", "", false)]
    [InlineData("attributes.name = 'com'", "name=com", true)]
    [InlineData("attributes.name = \"\"", "name=", true)]
    [InlineData("attributes.name = \"\"", "", false)]
    [InlineData("attributes.\"iana.org/language_tag\" = \"en\"", "iana.org/language_tag=en", true)]
    [InlineData("attributes.name = \"みんな\"", "name=みんな", true)]
    // Inequality: another value, or no such key at all.
    [InlineData("attributes.name != \"com\"", "name=net", true)]
    [InlineData("attributes.name != \"com\"", "lang=en", true)]
    [InlineData("attributes.name != \"com\"", "", true)]
    [InlineData("attributes.name != \"com\"", "name=com", false)]
    // hasPrefix: present and starting with the prefix.
    [InlineData("hasPrefix(attributes.name, \"co\")", "name=com", true)]
    [InlineData("hasPrefix(attributes.name, \"co\")", "name=co", true)]
    [InlineData("hasPrefix(attributes.name, \"co\")", "name=c", false)]
    [InlineData("hasPrefix(attributes.name, \"co\")", "name=Com", false)]
    [InlineData("hasPrefix(attributes.name, \"co\")", "", false)]
    [InlineData("hasPrefix(attributes.name, \"\")", "name=x", true)]
    [InlineData("hasPrefix(attributes.name, \"\")", "", false)]
    [InlineData("hasPrefix( attributes.\"a/b\" , 'x' )", "a/b=xy", true)]
    // NOT and its alias -.
    [InlineData("NOT attributes:name", "", true)]
    [InlineData("NOT attributes:name", "name=com", false)]
    [InlineData("-attributes:name", "", true)]
    [InlineData("-attributes:name", "name=com", false)]
    [InlineData("- attributes:name", "name=com", false)]
    [InlineData("NOT NOT attributes:name", "name=com", true)]
    [InlineData("NOT(attributes:name)", "name=com", false)]
    [InlineData("NOT hasPrefix(attributes.name, \"co\")", "name=net", true)]
    [InlineData("NOT hasPrefix(attributes.name, \"co\")", "", true)]
    [InlineData("-hasPrefix(attributes.name, \"co\")", "name=com", false)]
    [InlineData("NOT attributes.name = \"com\"", "name=net", true)]
    // AND and OR, any number of operands.
    [InlineData("attributes:a AND attributes:b", "a=1;b=2", true)]
    [InlineData("attributes:a AND attributes:b", "a=1", false)]
    [InlineData("attributes:a OR attributes:b", "b=2", true)]
    [InlineData("attributes:a OR attributes:b", "c=3", false)]
    [InlineData("attributes:a AND attributes:b AND attributes:c", "a=1;b=2;c=3", true)]
    [InlineData("attributes:a AND attributes:b AND attributes:c", "a=1;b=2", false)]
    [InlineData("attributes:a OR attributes:b OR attributes:c", "c=3", true)]
    [InlineData("attributes:a\nAND\tattributes:b", "a=1;b=2", true)]
    // Precedence: NOT binds tighter than AND and OR; parentheses group.
    [InlineData("NOT attributes:a AND attributes:b", "b=2", true)]
    [InlineData("NOT attributes:a AND attributes:b", "a=1", false)]
    [InlineData("NOT attributes:a OR attributes:b", "a=1;b=2", true)]
    [InlineData("NOT attributes:a OR attributes:b", "a=1", false)]
    [InlineData("NOT (attributes:a AND attributes:b)", "a=1", true)]
    [InlineData("attributes:a AND (attributes:b OR attributes:c)", "a=1;c=3", true)]
    [InlineData("attributes:a AND (attributes:b OR attributes:c)", "c=3", false)]
    [InlineData("(attributes:a AND attributes:b) OR attributes:c", "c=3", true)]
    [InlineData("(attributes:a AND attributes:b) OR attributes:c", "a=1", false)]
    [InlineData("attributes:a AND NOT (attributes:b OR attributes:c)", "a=1", true)]
    [InlineData("attributes:a AND NOT (attributes:b OR attributes:c)", "a=1;b=2", false)]
    [InlineData("((attributes:a))", "a=1", true)]
    [InlineData("(NOT attributes:name) OR attributes.name = \"co\"", "name=co", true)]
    [InlineData("(NOT attributes:name) OR attributes.name = \"co\"", "name=com", false)]
    [InlineData("NOT (attributes:name OR attributes.lang = \"jp\")", "timezone=UTC", true)]
    [InlineData("attributes.name = \"com\" AND -attributes:\"iana.org/language_tag\"", "name=com", true)]
    [InlineData("attributes.name = \"com\" AND -attributes:\"iana.org/language_tag\"", "name=com;iana.org/language_tag=en", false)]
    // String literals: backslash, Unicode, hex and octal escapes.
    [InlineData("attributes.k = \"a\\\"b\"", "k=a\"b", true)]
    [InlineData("attributes.k = 'it\\'s'", "k=it's", true)]
    [InlineData("attributes.k = \"\\\\\"", "k=\\", true)]
    [InlineData("attributes.k = \"line\\nbreak\\ttab\"", "k=line\nbreak\ttab", true)]
    [InlineData("attributes.k = \"\\u00e9t\\u00E9\"", "k=été", true)]
    [InlineData("attributes.k = \"\\x41\\x62\"", "k=Ab", true)]
    [InlineData("attributes.k = \"\\101\\142\"", "k=Ab", true)]
    [InlineData("attributes.k = \"\\377\"", "k=ÿ", true)]
    [InlineData("attributes.k = \"\\U0001F600\"", "k=😀", true)]
    [InlineData("attributes.k = \"\\a\\b\\f\\r\\v\\?\\`\"", "k=\a\b\f\r\v?`", true)]
    [InlineData("attributes:\"\\u307F\\u3093\\u306A\"", "みんな=x", true)]
    public void Parse_ValidFilter_MatchesAsTheGrammarSays(string filter, string attributes, bool expected)
    {
        Assert.True(MessageFilter.TryParse(filter, out var compiled, out var error), $"refused: {error}");

        Assert.Equal(expected, compiled.Matches(FilterAttributes.Parse(attributes)));
    }
}
