using Google.Protobuf.WellKnownTypes;
using Tidings.PubSub.Errors;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Checks shared by the Update RPCs: the resource is given and the mask names at least one field.</summary>
internal static class UpdateMasks
{
    /// <returns>The mask's field paths.</returns>
    public static IReadOnlyList<string> Require(object? resource, string collection, FieldMask? mask, string requestType)
    {
        if (resource is null)
        {
            throw PubSubErrors.InvalidName(collection, "");
        }
        if (mask is null || mask.Paths.Count == 0)
        {
            throw PubSubErrors.UpdateMaskMissing(requestType);
        }
        return mask.Paths;
    }
}
