namespace Tidings.Kernel.Names;

/// <summary>Which ids one level of a <see cref="ResourcePattern"/> accepts. Ids never contain <c>/</c>.</summary>
public delegate bool SegmentRule(string id);
