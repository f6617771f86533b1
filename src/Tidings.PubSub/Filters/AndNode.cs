namespace Tidings.PubSub.Filters;

/// <summary><c>a AND b AND …</c>, one node for the whole run, stopping at the first operand that fails.</summary>
internal sealed class AndNode(FilterNode[] operands) : FilterNode
{
    public IReadOnlyList<FilterNode> Operands => operands;

    public override bool Matches(ReadOnlySpan<KeyValuePair<string, string>> attributes)
    {
        foreach (var operand in operands)
        {
            if (!operand.Matches(attributes))
            {
                return false;
            }
        }
        return true;
    }
}
