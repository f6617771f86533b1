namespace Tidings.Cluster;

/// <summary>
/// Pub/Sub cells grouped by the node that runs them, so a node gathering every cell's part of a view asks each other
/// node once for all its cells. A cell this node runs is grouped under its own advertise URL (it opened since the
/// caller looked): its part is asked of this node like the others.
/// </summary>
internal static class CellOwners
{
    /// <summary>
    /// The cells by their owner's URL, in the order first met; null when a cell has no known owner after the wait a
    /// forwarded request would have (<see cref="UnitForwarding.OwnerAsync"/>).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, List<int>>?> ByUrlAsync(ClusterState state, ClusterNode node, IEnumerable<int> cells,
        CancellationToken cancellationToken)
    {
        var byOwner = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            var unit = ClusterUnit.PubSubCell(cell);
            var owner = await UnitForwarding.OwnerAsync(state, node, unit, cancellationToken).ConfigureAwait(false);
            var url = state.RoleOf(unit) == UnitRole.Owning ? node.AdvertiseUrl : owner?.Url;
            if (url is null)
            {
                return null;
            }
            if (!byOwner.TryGetValue(url, out var owned))
            {
                byOwner[url] = owned = [];
            }
            owned.Add(cell);
        }
        return byOwner;
    }
}
