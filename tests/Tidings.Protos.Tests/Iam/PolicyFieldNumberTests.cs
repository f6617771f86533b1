using Tidings.Protos.Tests.Support;

namespace Tidings.Protos.Tests.Iam;

/// <summary>google.iam.v1 messages keep Google's (out of order) field numbers.</summary>
public sealed class PolicyFieldNumberTests
{
    [Theory]
    [InlineData("google.iam.v1.Policy", "version", 1)]
    [InlineData("google.iam.v1.Policy", "etag", 3)]
    [InlineData("google.iam.v1.Policy", "bindings", 4)]
    [InlineData("google.iam.v1.Policy", "audit_configs", 6)]
    [InlineData("google.iam.v1.Binding", "condition", 3)]
    [InlineData("google.iam.v1.AuditConfig", "audit_log_configs", 3)]
    [InlineData("google.iam.v1.SetIamPolicyRequest", "update_mask", 3)]
    [InlineData("google.iam.v1.GetIamPolicyRequest", "options", 2)]
    [InlineData("google.iam.v1.GetPolicyOptions", "requested_policy_version", 1)]
    public void Field_Number_IsGoogles(string message, string field, int number)
    {
        Assert.Equal(number, Descriptors.Field(message, field).FieldNumber);
    }
}
