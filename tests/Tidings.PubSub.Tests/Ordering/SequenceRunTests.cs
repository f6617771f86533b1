using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Tests.Ordering;

public sealed class SequenceRunTests
{
    [Fact]
    public void Remove_First_NextBecomesFirst()
    {
        var run = Run(3, 5, 8);

        Assert.True(run.Remove(3));

        Assert.Equal(5, run.First);
        Assert.Equal(2, run.Count);
    }

    [Fact]
    public void Remove_Middle_KeepsTheRest()
    {
        var run = Run(3, 5, 8);

        Assert.True(run.Remove(5));
        Assert.False(run.Remove(5));

        Assert.Equal([3, 8], Take(run, 0));
    }

    [Fact]
    public void TakeFrom_ASequenceHeld_TakesItAndTheLaterOnes()
    {
        var run = Run(3, 5, 8);

        Assert.Equal([5, 8], Take(run, 5));
        Assert.Equal(1, run.Count);
        Assert.Equal(3, run.First);
    }

    [Fact]
    public void TakeFrom_ASequenceNotHeld_TakesTheLaterOnes()
    {
        var run = Run(3, 5, 8);

        Assert.Equal([8], Take(run, 6));
    }

    [Fact]
    public void Add_NotAboveTheLast_Throws()
    {
        var run = Run(3, 5);

        Assert.Throws<InvalidOperationException>(() => run.Add(4));
    }

    [Fact]
    public void RemoveFirst_ManyTimes_StaysConsistent()
    {
        var run = new SequenceRun();
        for (var sequence = 1; sequence <= 1000; sequence++)
        {
            run.Add(sequence);
            if (sequence % 3 == 0)
            {
                Assert.True(run.Remove(run.First));
            }
        }

        Assert.Equal(667, run.Count);
        Assert.Equal(334, run.First);
        Assert.Equal(Enumerable.Range(334, 667).Select(i => (long)i), Take(run, 0));
    }

    private static SequenceRun Run(params long[] sequences)
    {
        var run = new SequenceRun();
        foreach (var sequence in sequences)
        {
            run.Add(sequence);
        }
        return run;
    }

    private static List<long> Take(SequenceRun run, long from)
    {
        var taken = new List<long>();
        run.TakeFrom(from, taken);
        return taken;
    }
}
