using Tidings.PubSub.Filters;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>The shape of the compiled tree: NOT binds tightest, runs of one operator become one node, parentheses nest.</summary>
public sealed class FilterPrecedenceTests
{
    private static FilterNode Compile(string filter) => MessageFilter.Compile(filter)!.Root;

    [Fact]
    public void Compile_NotBeforeAnd_NegatesOnlyTheFirstOperand()
    {
        var and = Assert.IsType<AndNode>(Compile("NOT attributes:a AND attributes:b"));

        Assert.Equal("a", Assert.IsType<HasAttributeNode>(Assert.IsType<NotNode>(and.Operands[0]).Operand).Key);
        Assert.Equal("b", Assert.IsType<HasAttributeNode>(and.Operands[1]).Key);
    }

    [Fact]
    public void Compile_RunOfOr_IsOneNodeInOrder()
    {
        var or = Assert.IsType<OrNode>(Compile("attributes:a OR attributes:b OR attributes:c"));

        Assert.Equal(["a", "b", "c"], or.Operands.Select(operand => Assert.IsType<HasAttributeNode>(operand).Key));
    }

    [Fact]
    public void Compile_Parentheses_NestTheOtherOperator()
    {
        var and = Assert.IsType<AndNode>(Compile("attributes.a = \"1\" AND (attributes.b != \"2\" OR hasPrefix(attributes.c, \"3\"))"));

        var equals = Assert.IsType<AttributeEqualsNode>(and.Operands[0]);
        Assert.Equal(("a", "1"), (equals.Key, equals.Value));
        var or = Assert.IsType<OrNode>(and.Operands[1]);
        var notEquals = Assert.IsType<AttributeNotEqualsNode>(or.Operands[0]);
        Assert.Equal(("b", "2"), (notEquals.Key, notEquals.Value));
        var prefix = Assert.IsType<HasPrefixNode>(or.Operands[1]);
        Assert.Equal(("c", "3"), (prefix.Key, prefix.Prefix));
    }

    [Fact]
    public void Compile_MinusBeforeParenthesis_NegatesTheGroup()
    {
        var not = Assert.IsType<NotNode>(Compile("-(attributes:a OR attributes:b)"));

        Assert.IsType<OrNode>(not.Operand);
    }

    [Fact]
    public void Compile_RedundantParentheses_LeaveNoTrace() =>
        Assert.Equal("a", Assert.IsType<HasAttributeNode>(Compile("((attributes:a))")).Key);
}
