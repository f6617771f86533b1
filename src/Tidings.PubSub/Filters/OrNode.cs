namespace Tidings.PubSub.Filters;

/// <summary><c>a OR b OR …</c>, one node for the whole run, stopping at the first operand that holds.</summary>
internal sealed class OrNode(FilterNode[] operands) : FilterNode
{
    public IReadOnlyList<FilterNode> Operands => operands;

    public override bool Matches(ReadOnlySpan<KeyValuePair<string, string>> attributes)
    {
        foreach (var operand in operands)
        {
            if (operand.Matches(attributes))
            {
                return true;
            }
        }
        return false;
    }
}
