using System.Text;

namespace Tidings.PubSub.Filters;

/// <summary>
/// Splits a filter into tokens on demand. Whitespace separates tokens and is otherwise ignored. Attribute keys are
/// read in their own mode (<see cref="NextKey"/>), since an unquoted key may hold <c>-</c>, which elsewhere is the
/// unary minus.
/// </summary>
internal sealed class FilterLexer(string filter)
{
    private int _position;

    public FilterToken Next()
    {
        SkipWhitespace();
        if (_position >= filter.Length)
        {
            return new FilterToken(FilterTokenKind.End, filter.Length, 0);
        }
        var start = _position;
        var c = filter[start];
        switch (c)
        {
            case '(':
                return Single(FilterTokenKind.LeftParenthesis);
            case ')':
                return Single(FilterTokenKind.RightParenthesis);
            case ',':
                return Single(FilterTokenKind.Comma);
            case '.':
                return Single(FilterTokenKind.Dot);
            case ':':
                return Single(FilterTokenKind.Colon);
            case '=':
                return Single(FilterTokenKind.Equals);
            case '-':
                return Single(FilterTokenKind.Minus);
            case '!' when Peek(1) == '=':
                _position += 2;
                return new FilterToken(FilterTokenKind.NotEquals, start, 2);
            case '<' or '>':
                _position += Peek(1) == '=' ? 2 : 1;
                return new FilterToken(FilterTokenKind.Ordering, start, _position - start);
            case '"' or '\'':
                return ReadString();
            case '\\':
                throw Problem(FilterProblem.EscapeOutsideLiteral, start, EscapeSource(start));
        }
        if (IsWordCharacter(c))
        {
            while (_position < filter.Length && IsWordCharacter(filter[_position]))
            {
                _position++;
            }
            return new FilterToken(FilterTokenKind.Word, start, _position - start, filter[start.._position]);
        }
        throw Problem(FilterProblem.UnexpectedCharacter, start, char.IsSurrogatePair(filter, start) ? filter.Substring(start, 2) : c.ToString());
    }

    /// <summary>An attribute key: a string literal, or letters, digits, <c>_</c> and <c>-</c>; any other token as <see cref="Next"/> reads it.</summary>
    public FilterToken NextKey()
    {
        SkipWhitespace();
        var start = _position;
        if (start >= filter.Length || !IsKeyCharacter(filter[start]))
        {
            return Next();
        }
        while (_position < filter.Length && IsKeyCharacter(filter[_position]))
        {
            _position++;
        }
        return new FilterToken(FilterTokenKind.String, start, _position - start, filter[start.._position]);
    }

    /// <summary>Whether the next character that is not whitespace is <paramref name="c"/>, without reading it.</summary>
    public bool NextCharacterIs(char c)
    {
        var position = _position;
        while (position < filter.Length && char.IsWhiteSpace(filter[position]))
        {
            position++;
        }
        return position < filter.Length && filter[position] == c;
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsKeyCharacter(char c) => IsWordCharacter(c) || c == '-';

    private char Peek(int offset) => _position + offset < filter.Length ? filter[_position + offset] : '\0';

    private FilterToken Single(FilterTokenKind kind)
    {
        _position++;
        return new FilterToken(kind, _position - 1, 1);
    }

    private void SkipWhitespace()
    {
        while (_position < filter.Length && char.IsWhiteSpace(filter[_position]))
        {
            _position++;
        }
    }

    /// <summary>A literal in single or double quotes, with backslash escapes resolved.</summary>
    private FilterToken ReadString()
    {
        var start = _position;
        var quote = filter[_position++];
        var text = new StringBuilder();
        while (_position < filter.Length)
        {
            var c = filter[_position];
            if (c == quote)
            {
                _position++;
                return new FilterToken(FilterTokenKind.String, start, _position - start, text.ToString());
            }
            if (c == '\\')
            {
                ReadEscape(text);
                continue;
            }
            text.Append(c);
            _position++;
        }
        throw Problem(FilterProblem.UnterminatedString, start, filter[start..]);
    }

    /// <summary>
    /// One escape: <c>\a \b \f \n \r \t \v \\ \' \" \? \`</c>, <c>\xHH</c>, <c>\uHHHH</c>, <c>\UHHHHHHHH</c> or
    /// <c>\ooo</c> (three octal digits, up to 377). Hex and octal escapes name code points, not bytes.
    /// </summary>
    private void ReadEscape(StringBuilder text)
    {
        var start = _position;
        var kind = Peek(1);
        var simple = kind switch
        {
            'a' => '\a',
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            '\\' or '\'' or '"' or '?' or '`' => kind,
            _ => '\0',
        };
        if (simple != '\0')
        {
            text.Append(simple);
            _position += 2;
            return;
        }
        var (digits, radix, skip) = kind switch
        {
            'x' => (2, 16, 2),
            'u' => (4, 16, 2),
            'U' => (8, 16, 2),
            >= '0' and <= '3' => (3, 8, 1),
            _ => (0, 0, 0),
        };
        var first = start + skip;
        if (digits == 0 || first + digits > filter.Length)
        {
            throw Problem(FilterProblem.InvalidEscape, start, EscapeSource(start));
        }
        var codePoint = 0;
        for (var i = first; i < first + digits; i++)
        {
            var digit = radix == 16 ? HexValue(filter[i]) : filter[i] is >= '0' and <= '7' ? filter[i] - '0' : -1;
            if (digit < 0)
            {
                throw Problem(FilterProblem.InvalidEscape, start, filter[start..(i + 1)]);
            }
            codePoint = (codePoint * radix) + digit;
        }
        _position = first + digits;
        if (codePoint > 0x10FFFF || codePoint is >= 0xD800 and <= 0xDFFF)
        {
            throw Problem(FilterProblem.InvalidEscape, start, filter[start.._position]);
        }
        text.Append(char.ConvertFromUtf32(codePoint));
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>A backslash and the character after it, as an error shows it.</summary>
    private string EscapeSource(int start) => filter.Substring(start, Math.Min(2, filter.Length - start));

    private static FilterSyntaxException Problem(FilterProblem problem, int index, string? found) =>
        new(new FilterError(problem, index + 1, found));
}
