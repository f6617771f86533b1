using Google.Cloud.Iam.V1;
using Google.Protobuf;
using Google.Type;
using Tidings.Kernel.Iam;

namespace Tidings.Protos.Iam;

/// <summary>
/// Google's <c>google.iam.v1.Policy</c> ⇄ the kernel's <see cref="IamPolicy"/>, whose rules every service applies
/// (Cloud Tasks in its engine, Pub/Sub at its API); here because this is the one project that sees both.
/// </summary>
public static class IamPolicyConversion
{
    public static IamPolicy ToKernel(Policy policy) => new(
        policy.Version,
        [.. policy.Bindings.Select(binding => new IamBinding(binding.Role, [.. binding.Members],
            binding.Condition is { } condition ? new IamCondition(condition.Expression, condition.Title, condition.Description, condition.Location) : null))],
        [.. policy.AuditConfigs.Select(config => new IamAuditConfig(config.Service,
            [.. config.AuditLogConfigs.Select(log => new IamAuditLogConfig((int)log.LogType, [.. log.ExemptedMembers]))]))],
        policy.Etag.ToByteArray());

    public static Policy ToProto(IamPolicy policy)
    {
        var proto = new Policy { Version = policy.Version, Etag = ByteString.CopyFrom(policy.Etag) };
        foreach (var binding in policy.Bindings)
        {
            var protoBinding = new Binding { Role = binding.Role, Members = { binding.Members } };
            if (binding.Condition is { } condition)
            {
                protoBinding.Condition = new Expr { Expression = condition.Expression, Title = condition.Title, Description = condition.Description, Location = condition.Location };
            }
            proto.Bindings.Add(protoBinding);
        }
        foreach (var config in policy.AuditConfigs)
        {
            proto.AuditConfigs.Add(new AuditConfig
            {
                Service = config.Service,
                AuditLogConfigs =
                {
                    config.AuditLogConfigs.Select(log => new AuditLogConfig { LogType = (AuditLogConfig.Types.LogType)log.LogType, ExemptedMembers = { log.ExemptedMembers } }),
                },
            });
        }
        return proto;
    }
}
