using Google.Cloud.Tasks.V2;
using Tidings.Protos.Tests.Support;

namespace Tidings.Protos.Tests.Tasks;

/// <summary>The CloudTasks v2 service keeps Google's name, its 16 methods and their REST bindings.</summary>
public sealed class CloudTasksServiceTests
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = CloudTasks.Descriptor;

    [Fact]
    public void Service_FullName_IsGoogles()
    {
        Assert.Equal("google.cloud.tasks.v2.CloudTasks", Service.FullName);
    }

    [Fact]
    public void Service_Methods_AreTheSixteenOfV2()
    {
        string[] expected =
        [
            "ListQueues", "GetQueue", "CreateQueue", "UpdateQueue", "DeleteQueue", "PurgeQueue", "PauseQueue",
            "ResumeQueue", "GetIamPolicy", "SetIamPolicy", "TestIamPermissions", "ListTasks", "GetTask",
            "CreateTask", "DeleteTask", "RunTask",
        ];

        Assert.Equal(expected.Order(), Service.Methods.Select(m => m.Name).Order());
    }

    [Theory]
    [InlineData("GetIamPolicy", "google.iam.v1.GetIamPolicyRequest", "google.iam.v1.Policy")]
    [InlineData("SetIamPolicy", "google.iam.v1.SetIamPolicyRequest", "google.iam.v1.Policy")]
    [InlineData("TestIamPermissions", "google.iam.v1.TestIamPermissionsRequest", "google.iam.v1.TestIamPermissionsResponse")]
    public void IamMethod_Types_AreGoogleIamV1Messages(string method, string input, string output)
    {
        var descriptor = Descriptors.Method(Service, method);

        Assert.Equal(input, descriptor.InputType.FullName);
        Assert.Equal(output, descriptor.OutputType.FullName);
    }

    [Theory]
    [InlineData("ListQueues", "GET /v2/{parent=projects/*/locations/*}/queues")]
    [InlineData("CreateQueue", "POST /v2/{parent=projects/*/locations/*}/queues body=queue")]
    [InlineData("UpdateQueue", "PATCH /v2/{queue.name=projects/*/locations/*/queues/*} body=queue")]
    [InlineData("PurgeQueue", "POST /v2/{name=projects/*/locations/*/queues/*}:purge body=*")]
    [InlineData("TestIamPermissions", "POST /v2/{resource=projects/*/locations/*/queues/*}:testIamPermissions body=*")]
    [InlineData("CreateTask", "POST /v2/{parent=projects/*/locations/*/queues/*}/tasks body=*")]
    [InlineData("DeleteTask", "DELETE /v2/{name=projects/*/locations/*/queues/*/tasks/*}")]
    [InlineData("RunTask", "POST /v2/{name=projects/*/locations/*/queues/*/tasks/*}:run body=*")]
    public void Method_HttpRule_IsGoogles(string method, string rule)
    {
        Assert.Equal(rule, Descriptors.Http(Descriptors.Method(Service, method)));
    }
}
