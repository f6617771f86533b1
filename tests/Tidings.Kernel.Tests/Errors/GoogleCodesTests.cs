using Tidings.Kernel.Errors;

namespace Tidings.Kernel.Tests.Errors;

/// <summary>Google's names and HTTP statuses of the canonical codes, as REST errors and metric labels carry them.</summary>
public sealed class GoogleCodesTests
{
    [Fact]
    public void NameOf_EveryErrorCode_ItsEnumNameInGoogleSpelling()
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            var expected = string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
            Assert.Equal(expected, GoogleCodes.NameOf(code));
        }
    }

    [Theory]
    [InlineData(0, "OK")]
    [InlineData(16, "UNAUTHENTICATED")]
    [InlineData(17, "UNKNOWN")]
    [InlineData(-1, "UNKNOWN")]
    public void NameOf_Number_OkToUnauthenticatedElseUnknown(int code, string name) =>
        Assert.Equal(name, GoogleCodes.NameOf(code));

    [Theory]
    [InlineData(ErrorCode.InvalidArgument, 400)]
    [InlineData(ErrorCode.FailedPrecondition, 400)]
    [InlineData(ErrorCode.OutOfRange, 400)]
    [InlineData(ErrorCode.Unauthenticated, 401)]
    [InlineData(ErrorCode.PermissionDenied, 403)]
    [InlineData(ErrorCode.NotFound, 404)]
    [InlineData(ErrorCode.AlreadyExists, 409)]
    [InlineData(ErrorCode.Aborted, 409)]
    [InlineData(ErrorCode.ResourceExhausted, 429)]
    [InlineData(ErrorCode.Cancelled, 499)]
    [InlineData(ErrorCode.Internal, 500)]
    [InlineData(ErrorCode.Unknown, 500)]
    [InlineData(ErrorCode.DataLoss, 500)]
    [InlineData(ErrorCode.Unimplemented, 501)]
    [InlineData(ErrorCode.Unavailable, 503)]
    [InlineData(ErrorCode.DeadlineExceeded, 504)]
    public void HttpStatusOf_GooglesTable(ErrorCode code, int status) =>
        Assert.Equal(status, GoogleCodes.HttpStatusOf(code));
}
