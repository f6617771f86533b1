namespace Tidings.PubSub.Filters;

/// <summary>
/// Recursive descent over Pub/Sub's filter grammar, building the node tree. Stops at the first problem with a
/// <see cref="FilterSyntaxException"/>.
/// <code>
/// filter     := expression END
/// expression := unary { ("AND" | "OR") unary }      one operator per level: mixing needs parentheses
/// unary      := ("NOT" | "-") unary | primary        so NOT binds tightest
/// primary    := "(" expression ")"
///             | "attributes" ":" key
///             | "attributes" "." key ("=" | "!=") STRING
///             | "hasPrefix" "(" "attributes" "." key "," STRING ")"
/// key        := [A-Za-z0-9_-]+ | STRING
/// </code>
/// </summary>
internal sealed class FilterParser
{
    private const string Attributes = "attributes";
    private const string HasPrefix = "hasPrefix";

    private readonly string _filter;
    private readonly FilterLexer _lexer;
    private FilterToken _current;

    private FilterParser(string filter)
    {
        _filter = filter;
        _lexer = new FilterLexer(filter);
        _current = _lexer.Next();
    }

    public static FilterNode Parse(string filter)
    {
        var parser = new FilterParser(filter);
        var root = parser.ParseExpression();
        if (parser._current.Kind == FilterTokenKind.RightParenthesis)
        {
            throw parser.Problem(FilterProblem.UnmatchedClosingParenthesis);
        }
        return root;
    }

    /// <summary>Stops before a closing parenthesis or the end; anything else after an operand is an error.</summary>
    private FilterNode ParseExpression()
    {
        var operands = new List<FilterNode> { ParseUnary() };
        string? level = null;
        while (_current.Kind is not (FilterTokenKind.End or FilterTokenKind.RightParenthesis))
        {
            var word = _current.Kind == FilterTokenKind.Word ? _current.Value : null;
            if (word is not ("AND" or "OR"))
            {
                throw Problem(IsKeyword(word, "AND") || IsKeyword(word, "OR") ? FilterProblem.LowercaseOperator : FilterProblem.ExpectedOperator);
            }
            if (level is not null && level != word)
            {
                throw Problem(FilterProblem.MixedAndOr);
            }
            level = word;
            Advance();
            operands.Add(ParseUnary());
        }
        return level switch
        {
            null => operands[0],
            "AND" => new AndNode([.. operands]),
            _ => new OrNode([.. operands]),
        };
    }

    private FilterNode ParseUnary()
    {
        if (_current.IsWord("NOT") || _current.Kind == FilterTokenKind.Minus)
        {
            Advance();
            return new NotNode(ParseUnary());
        }
        if (_current.Kind == FilterTokenKind.Word && IsKeyword(_current.Value, "NOT"))
        {
            throw Problem(FilterProblem.LowercaseOperator);
        }
        return ParsePrimary();
    }

    private FilterNode ParsePrimary()
    {
        switch (_current.Kind)
        {
            case FilterTokenKind.LeftParenthesis:
                Advance();
                var inner = ParseExpression();
                Expect(FilterTokenKind.RightParenthesis, FilterProblem.ExpectedClosingParenthesis);
                return inner;
            case FilterTokenKind.String:
                throw Problem(FilterProblem.LiteralOutsideComparison);
            case FilterTokenKind.Word when _current.Value == Attributes:
                return ParseAttributeCondition();
            case FilterTokenKind.Word when _current.Value == HasPrefix:
                return ParseHasPrefix();
            case FilterTokenKind.Word when _current.Value is "AND" or "OR":
                throw Problem(FilterProblem.ExpectedCondition);
            case FilterTokenKind.Word:
                throw Problem(_lexer.NextCharacterIs('(') ? FilterProblem.UnknownFunction : FilterProblem.UnknownField);
            default:
                throw Problem(FilterProblem.ExpectedCondition);
        }
    }

    /// <summary><c>attributes:KEY</c>, <c>attributes.KEY = "v"</c> or <c>attributes.KEY != "v"</c>.</summary>
    private FilterNode ParseAttributeCondition()
    {
        Advance();
        if (_current.Kind == FilterTokenKind.Colon)
        {
            var present = ParseKey();
            Advance();
            return new HasAttributeNode(present);
        }
        if (_current.Kind != FilterTokenKind.Dot)
        {
            throw Problem(FilterProblem.ExpectedAttributeAccess);
        }
        var key = ParseKey();
        Advance();
        var equals = _current.Kind switch
        {
            FilterTokenKind.Equals => true,
            FilterTokenKind.NotEquals => false,
            FilterTokenKind.Ordering => throw Problem(FilterProblem.OrderingComparison),
            _ => throw Problem(FilterProblem.ExpectedComparison),
        };
        Advance();
        var value = ParseValue();
        return equals ? new AttributeEqualsNode(key, value) : new AttributeNotEqualsNode(key, value);
    }

    /// <summary><c>hasPrefix(attributes.KEY, "prefix")</c>.</summary>
    private FilterNode ParseHasPrefix()
    {
        Advance();
        Expect(FilterTokenKind.LeftParenthesis, FilterProblem.ExpectedOpeningParenthesis);
        if (!_current.IsWord(Attributes))
        {
            throw Problem(FilterProblem.ExpectedAttributeReference);
        }
        Advance();
        if (_current.Kind != FilterTokenKind.Dot)
        {
            throw Problem(FilterProblem.ExpectedAttributeReference);
        }
        var key = ParseKey();
        Advance();
        Expect(FilterTokenKind.Comma, FilterProblem.ExpectedComma);
        var prefix = ParseValue();
        Expect(FilterTokenKind.RightParenthesis, FilterProblem.ExpectedClosingParenthesis);
        return new HasPrefixNode(key, prefix);
    }

    /// <summary>Reads the key after the current <c>.</c> or <c>:</c>; the key stays the current token.</summary>
    private string ParseKey()
    {
        _current = _lexer.NextKey();
        return _current.Kind == FilterTokenKind.String ? _current.Value! : throw Problem(FilterProblem.ExpectedKey);
    }

    /// <summary>A quoted string literal (values are never unquoted), then moves past it.</summary>
    private string ParseValue()
    {
        if (_current.Kind != FilterTokenKind.String)
        {
            throw Problem(FilterProblem.ExpectedValue);
        }
        var value = _current.Value!;
        Advance();
        return value;
    }

    private void Expect(FilterTokenKind kind, FilterProblem otherwise)
    {
        if (_current.Kind != kind)
        {
            throw Problem(otherwise);
        }
        Advance();
    }

    private void Advance() => _current = _lexer.Next();

    /// <summary>A keyword written in the wrong case (<c>and</c>, <c>Or</c>).</summary>
    private static bool IsKeyword(string? word, string keyword) => string.Equals(word, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>A problem at the current token.</summary>
    private FilterSyntaxException Problem(FilterProblem problem) =>
        new(new FilterError(problem, _current.Start + 1, _current.Source(_filter)));
}
