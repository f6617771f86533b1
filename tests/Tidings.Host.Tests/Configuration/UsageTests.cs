using Tidings.Configuration;

namespace Tidings.Host.Tests.Configuration;

/// <summary>--help lists every setting under its option and its environment variable.</summary>
public sealed class UsageTests
{
    public static TheoryData<string, string> Settings()
    {
        var data = new TheoryData<string, string>();
        foreach (var setting in TidingsSetting.All)
        {
            data.Add(setting.Option, setting.EnvironmentVariable);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Usage_ListsTheSetting(string option, string environmentVariable)
    {
        Assert.Contains(option, Usage.Text, StringComparison.Ordinal);
        Assert.Contains(environmentVariable, Usage.Text, StringComparison.Ordinal);
    }
}
