namespace Tidings.PubSub.Schemas.Protobuf;

/// <summary>
/// Google's rule for a new Protocol Buffer revision: optional fields may be added or removed, but no other field may
/// be added, removed or changed. A field number both revisions use must keep its type and label, through nested messages.
/// </summary>
internal static class ProtoCompatibility
{
    public static string? Check(ProtoMessageShape next, ProtoMessageShape previous) =>
        Message(next, previous, new HashSet<(ProtoMessageShape, ProtoMessageShape)>());

    private static string? Message(ProtoMessageShape next, ProtoMessageShape previous, HashSet<(ProtoMessageShape, ProtoMessageShape)> seen)
    {
        if (!seen.Add((next, previous)))
        {
            return null;
        }
        foreach (var field in next.ByNumber.Values)
        {
            if (!previous.ByNumber.TryGetValue(field.Number, out var old))
            {
                if (field.IsRequired)
                {
                    return $"required field {field.Name} cannot be added";
                }
                continue;
            }
            if (field.Kind != old.Kind || field.IsRepeated != old.IsRepeated || field.IsRequired != old.IsRequired
                || (field.Enum is not null && !field.Enum.Names.IsSupersetOf(old.Enum!.Names)))
            {
                return $"{field.Name} of type {Describe(field)} is not compatible with {old.Name} of type {Describe(old)}";
            }
            if (field.Message is not null && Message(field.Message, old.Message!, seen) is { } error)
            {
                return error;
            }
        }
        var removed = previous.ByNumber.Values.FirstOrDefault(old => old.IsRequired && !next.ByNumber.ContainsKey(old.Number));
        return removed is null ? null : $"required field {removed.Name} cannot be removed";
    }

    private static string Describe(ProtoFieldShape field) =>
        $"{(field.IsRepeated ? "repeated " : field.IsRequired ? "required " : "")}{field.TypeName}";
}
