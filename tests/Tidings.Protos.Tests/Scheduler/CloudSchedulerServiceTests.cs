using Google.Cloud.Scheduler.V1;
using Tidings.Protos.Tests.Support;

namespace Tidings.Protos.Tests.Scheduler;

/// <summary>The CloudScheduler v1 service keeps Google's name, its 8 methods and their REST bindings.</summary>
public sealed class CloudSchedulerServiceTests
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = CloudScheduler.Descriptor;

    [Fact]
    public void Service_FullName_IsGoogles()
    {
        Assert.Equal("google.cloud.scheduler.v1.CloudScheduler", Service.FullName);
    }

    [Fact]
    public void Service_Methods_AreTheEightOfV1()
    {
        string[] expected = ["ListJobs", "GetJob", "CreateJob", "UpdateJob", "DeleteJob", "PauseJob", "ResumeJob", "RunJob"];

        Assert.Equal(expected.Order(), Service.Methods.Select(m => m.Name).Order());
    }

    [Theory]
    [InlineData("ListJobs", "GET /v1/{parent=projects/*/locations/*}/jobs")]
    [InlineData("CreateJob", "POST /v1/{parent=projects/*/locations/*}/jobs body=job")]
    [InlineData("UpdateJob", "PATCH /v1/{job.name=projects/*/locations/*/jobs/*} body=job")]
    [InlineData("DeleteJob", "DELETE /v1/{name=projects/*/locations/*/jobs/*}")]
    [InlineData("RunJob", "POST /v1/{name=projects/*/locations/*/jobs/*}:run body=*")]
    public void Method_HttpRule_IsGoogles(string method, string rule)
    {
        Assert.Equal(rule, Descriptors.Http(Descriptors.Method(Service, method)));
    }
}
