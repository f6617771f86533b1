using Google.Cloud.Tasks.V2;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Queues;

/// <summary>ListQueues: lexicographic order within the location, pages that resume after the last name, the state filter.</summary>
public sealed class ListQueuesTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        foreach (var id in new[] { "c", "a", "e", "b", "d" })
        {
            await _harness.CreateQueueAsync(id);
        }
        await _harness.Engine.CreateQueueAsync("projects/p/locations/elsewhere", new Queue { Name = "projects/p/locations/elsewhere/queues/z" },
            CancellationToken.None);
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("b"), CancellationToken.None);
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("d"), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static IEnumerable<string> Ids(ListQueuesResponse response) => response.Queues.Select(queue => queue.Name.Split('/')[^1]);

    [Fact]
    public void ListQueues_NoPageSize_AllOfTheLocationInNameOrder()
    {
        var response = _harness.Engine.ListQueues(_harness.Location, filter: "", pageSize: 0, pageToken: "");

        Assert.Equal(["a", "b", "c", "d", "e"], Ids(response));
        Assert.Equal("", response.NextPageToken);
    }

    [Fact]
    public void ListQueues_PagesOfTwo_ResumeWhereTheLastEnded()
    {
        var first = _harness.Engine.ListQueues(_harness.Location, "", 2, "");
        var second = _harness.Engine.ListQueues(_harness.Location, "", 2, first.NextPageToken);
        var third = _harness.Engine.ListQueues(_harness.Location, "", 2, second.NextPageToken);

        Assert.Equal(["a", "b"], Ids(first));
        Assert.Equal(["c", "d"], Ids(second));
        Assert.Equal(["e"], Ids(third));
        Assert.Equal("", third.NextPageToken);
    }

    [Theory]
    [InlineData("state: PAUSED", new[] { "b", "d" })]
    [InlineData("state=RUNNING", new[] { "a", "c", "e" })]
    [InlineData("state : DISABLED", new string[0])]
    public void ListQueues_StateFilter_OnlyMatchingQueues(string filter, string[] expected)
    {
        var response = _harness.Engine.ListQueues(_harness.Location, filter, 0, "");

        Assert.Equal(expected, Ids(response));
    }

    [Theory]
    [InlineData("name: a")]
    [InlineData("state: paused")]
    [InlineData("state: SLEEPING")]
    public void ListQueues_OtherFilter_InvalidArgument(string filter)
    {
        var error = Assert.Throws<TidingsException>(() => _harness.Engine.ListQueues(_harness.Location, filter, 0, ""));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void ListQueues_ForeignPageToken_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => _harness.Engine.ListQueues(_harness.Location, "", 0, "not-a-token!"));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void ListQueues_NegativePageSize_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => _harness.Engine.ListQueues(_harness.Location, "", -1, ""));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void ListQueues_BadParent_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => _harness.Engine.ListQueues("projects/p", "", 0, ""));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }
}
