using Tidings.Kernel.Errors;
using Tidings.Kernel.Iam;

namespace Tidings.Kernel.Tests.Iam;

/// <summary>IAM's policy rules: the empty policy, update masks, etags, versions, member and permission checks.</summary>
public sealed class IamPoliciesTests
{
    private static readonly IamCondition Weekdays = new("request.time.getDayOfWeek() < 5", "weekdays", "", "");

    private static IamPolicy Policy(int version, params IamBinding[] bindings) => new(version, bindings, [], []);

    private static IamBinding Viewers(params string[] members) => new("roles/pubsub.viewer", members, null);

    private static IamAuditConfig AuditAll(string service) => new(service, [new IamAuditLogConfig(1, ["user:exempt@example.com"])]);

    [Fact]
    public void Read_NothingStored_EmptyPolicyWithAcabEtag()
    {
        var policy = IamPolicies.Read(null, requestedPolicyVersion: 0);

        Assert.Empty(policy.Bindings);
        Assert.Equal(0, policy.Version);
        Assert.Equal("ACAB", Convert.ToBase64String(policy.Etag));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(-1)]
    public void Read_RequestedVersionNot013_InvalidArgument(int version)
    {
        var error = Assert.Throws<TidingsException>(() => IamPolicies.Read(null, version));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void Set_OnEmpty_BindingsTakenVersion1NewEtag()
    {
        var set = IamPolicies.Set(null, Policy(0, Viewers("user:a@example.com")), []);

        Assert.Equal("user:a@example.com", Assert.Single(Assert.Single(set.Bindings).Members));
        Assert.Equal(1, set.Version);
        Assert.Equal(8, set.Etag.Length);
        Assert.NotEqual(IamPolicies.Empty.Etag, set.Etag);
    }

    [Fact]
    public void Set_Twice_EveryChangeGetsANewEtag()
    {
        var first = IamPolicies.Set(null, Policy(1, Viewers("user:a@example.com")), []);
        var second = IamPolicies.Set(first, Policy(1, Viewers("user:a@example.com")) with { Etag = first.Etag }, []);

        Assert.NotEqual(first.Etag, second.Etag);
    }

    [Fact]
    public void Set_StaleEtag_Aborted()
    {
        var current = IamPolicies.Set(null, Policy(1, Viewers("user:a@example.com")), []);

        var error = Assert.Throws<TidingsException>(() =>
            IamPolicies.Set(current, Policy(1, Viewers("user:b@example.com")) with { Etag = IamPolicies.Empty.Etag }, []));

        Assert.Equal(ErrorCode.Aborted, error.Code);
    }

    [Fact]
    public void Set_CurrentEtagOrNone_Accepted()
    {
        var current = IamPolicies.Set(null, Policy(1, Viewers("user:a@example.com")), []);

        var withEtag = IamPolicies.Set(current, Policy(1, Viewers("user:b@example.com")) with { Etag = current.Etag }, []);
        var blind = IamPolicies.Set(withEtag, Policy(1, Viewers("user:c@example.com")), []);

        Assert.Equal("user:c@example.com", Assert.Single(Assert.Single(blind.Bindings).Members));
    }

    [Fact]
    public void Set_DefaultMask_KeepsAuditConfigs()
    {
        var current = IamPolicies.Set(null, new IamPolicy(1, [], [AuditAll("pubsub.googleapis.com")], []), ["audit_configs"]);

        var updated = IamPolicies.Set(current, Policy(1, Viewers("user:a@example.com")), []);

        Assert.Equal("pubsub.googleapis.com", Assert.Single(updated.AuditConfigs).Service);
        Assert.Single(updated.Bindings);
    }

    [Fact]
    public void Set_MaskAuditConfigsOnly_KeepsBindings()
    {
        var current = IamPolicies.Set(null, Policy(1, Viewers("user:a@example.com")), []);

        var updated = IamPolicies.Set(current, new IamPolicy(1, [], [AuditAll("allServices")], []), ["audit_configs"]);

        Assert.Equal("user:a@example.com", Assert.Single(Assert.Single(updated.Bindings).Members));
        Assert.Equal("allServices", Assert.Single(updated.AuditConfigs).Service);
    }

    [Fact]
    public void Set_UnknownMaskField_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => IamPolicies.Set(null, Policy(1), ["owners"]));

        Assert.Equal(IamErrors.UnknownPolicyField("owners").Message, error.Message);
    }

    [Fact]
    public void Set_ConditionWithVersion3_KeptAsGivenVersion3()
    {
        var set = IamPolicies.Set(null, Policy(3, new IamBinding("roles/pubsub.publisher", ["user:a@example.com"], Weekdays)), []);

        Assert.Equal(3, set.Version);
        Assert.Equal(Weekdays, Assert.Single(set.Bindings).Condition);
    }

    [Fact]
    public void Set_ConditionBelowVersion3_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() =>
            IamPolicies.Set(null, Policy(1, new IamBinding("roles/pubsub.publisher", ["user:a@example.com"], Weekdays)), []));

        Assert.Equal(IamErrors.ConditionsNeedVersion3(1).Message, error.Message);
    }

    [Fact]
    public void Set_Version3WithoutConditions_StoredAsVersion1()
    {
        var set = IamPolicies.Set(null, Policy(3, Viewers("user:a@example.com")), []);

        Assert.Equal(1, set.Version);
    }

    [Fact]
    public void Set_InvalidVersion_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => IamPolicies.Set(null, Policy(2, Viewers("user:a@example.com")), []));

        Assert.Equal(IamErrors.InvalidPolicyVersion(2).Message, error.Message);
    }

    [Theory]
    [InlineData("a@example.com")]
    [InlineData("user:")]
    [InlineData(":a@example.com")]
    [InlineData("")]
    public void Set_MemberWithoutType_InvalidArgument(string member)
    {
        var error = Assert.Throws<TidingsException>(() => IamPolicies.Set(null, Policy(1, Viewers(member)), []));

        Assert.Equal(IamErrors.InvalidMember().Message, error.Message);
    }

    [Fact]
    public void Set_SpecialMembers_Accepted()
    {
        var set = IamPolicies.Set(null, Policy(1, Viewers("allUsers", "allAuthenticatedUsers", "principal://iam.googleapis.com/x")), []);

        Assert.Equal(3, Assert.Single(set.Bindings).Members.Count);
    }

    [Fact]
    public void Test_GrantedAskedOnceInOrder_OthersLeftOut()
    {
        var granted = new HashSet<string> { "pubsub.topics.get", "pubsub.topics.publish" };

        var answer = IamPolicies.Test(["pubsub.topics.publish", "cloudtasks.tasks.create", "pubsub.topics.get", "pubsub.topics.publish"], granted);

        Assert.Equal(["pubsub.topics.publish", "pubsub.topics.get"], answer);
    }

    [Theory]
    [InlineData("pubsub.*")]
    [InlineData("pubsub.topics")]
    [InlineData("pubsub..get")]
    [InlineData("")]
    public void Test_MalformedPermission_InvalidArgument(string permission)
    {
        var error = Assert.Throws<TidingsException>(() => IamPolicies.Test([permission], new HashSet<string>()));

        Assert.Equal(IamErrors.InvalidPermission(permission).Message, error.Message);
    }
}
