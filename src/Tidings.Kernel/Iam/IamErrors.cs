using Tidings.Kernel.Errors;

namespace Tidings.Kernel.Iam;

/// <summary>
/// The errors of the IAM policy methods, which every Google service answers alike (the IAM front end, not the
/// service, checks policies): Google's texts where they are on record, Tidings' own (said so) where not.
/// </summary>
public static class IamErrors
{
    /// <summary>SetIamPolicy with an etag that is no longer the policy's: the text Google's IAM answers for every resource.</summary>
    public static TidingsException ConcurrentPolicyChange() =>
        new(ErrorCode.Aborted, "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.");

    /// <summary>A member that is neither <c>type:value</c> nor <c>allUsers</c>/<c>allAuthenticatedUsers</c>: IAM's text.</summary>
    public static TidingsException InvalidMember() =>
        new(ErrorCode.InvalidArgument, "Policy members must be of the form \"<type>:<value>\".");

    /// <summary>A permission that is not <c>service.resource.verb</c> (wildcards included): IAM's text.</summary>
    public static TidingsException InvalidPermission(string permission) =>
        new(ErrorCode.InvalidArgument, $"Permission {permission} is not valid.");

    /// <summary>A resource of a type the service keeps no policies for (e.g. a project on Pub/Sub): Google's text.</summary>
    /// <param name="resourceType">Singular, as Google says it: <c>project</c>.</param>
    public static TidingsException UnsupportedResourceType(string resourceType) =>
        new(ErrorCode.InvalidArgument,
            $"This service cannot be used to manage the permissions of resources of type {resourceType}. Please find the appropriate service to do so. See https://cloud.google.com/iam/docs/#supported_cloud_platform_services.");

    /// <summary>A policy version other than 0, 1 or 3 (Tidings' text; Google documents the rule, not its message).</summary>
    public static TidingsException InvalidPolicyVersion(int version) =>
        new(ErrorCode.InvalidArgument, $"Invalid policy version {version}: the valid versions are 0, 1 and 3.");

    /// <summary>A requested_policy_version other than 0, 1 or 3 (Tidings' text).</summary>
    public static TidingsException InvalidRequestedPolicyVersion(string version) =>
        new(ErrorCode.InvalidArgument, $"Invalid requested_policy_version {version}: the valid versions are 0, 1 and 3.");

    /// <summary>Conditional bindings set with a policy version below 3, which Google requires for them (Tidings' text).</summary>
    public static TidingsException ConditionsNeedVersion3(int version) =>
        new(ErrorCode.InvalidArgument, $"A policy with conditional role bindings must have version 3, but the request sets version {version}.");

    /// <summary>An update_mask path that is not a field of Policy (Tidings' text).</summary>
    public static TidingsException UnknownPolicyField(string path) =>
        new(ErrorCode.InvalidArgument, $"Invalid update_mask provided in the SetIamPolicyRequest: '{path}' is not a known Policy field.");

    /// <summary>SetIamPolicy without a policy (Tidings' text).</summary>
    public static TidingsException PolicyRequired() =>
        new(ErrorCode.InvalidArgument, "The policy field of the SetIamPolicyRequest is required.");
}
