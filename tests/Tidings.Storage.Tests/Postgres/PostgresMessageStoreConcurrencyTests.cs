using Tidings.Storage.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>Many appenders over several logs share group commits; each log's sequences follow each appender's order.</summary>
public sealed class PostgresMessageStoreConcurrencyTests : IDisposable
{
    private readonly MessageStoreDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AppendAsync_ManyTasksOverSeveralLogs_KeepEachWritersOrderAndSurviveReopen()
    {
        const int Tasks = 64;
        const int AppendsPerTask = 40;
        var store = _database.Open();
        var logs = new[] { store.CreateLog(), store.CreateLog(), store.CreateLog() };

        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            var log = logs[task % logs.Length];
            var sequences = new List<long>();
            for (var i = 0; i < AppendsPerTask; i++)
            {
                var batch = TestMessages.Batch($"w{task}.{i}", 1 + (i % 2), dataBytes: 32);
                sequences.Add(await log.AppendAsync(batch, CancellationToken.None));
            }
            return (Task: task, Log: log, Sequences: sequences);
        })));

        foreach (var (_, _, sequences) in results)
        {
            Assert.True(sequences.SequenceEqual(sequences.Order()), "a writer's appends are numbered in its order");
        }
        store.Dispose();
        using var reopened = _database.Open();
        foreach (var log in logs)
        {
            var expected = results.Where(r => r.Log == log).Sum(r => Enumerable.Range(0, AppendsPerTask).Sum(i => 1 + (i % 2)));
            var read = reopened.FindLog(log.LogId)!;
            Assert.Equal(expected + 1, read.NextSequence);
            foreach (var (task, _, sequences) in results.Where(r => r.Log == log))
            {
                for (var i = 0; i < sequences.Count; i++)
                {
                    TestMessages.AssertText(read, sequences[i], $"w{task}.{i}-0");
                }
            }
            for (var sequence = 1L; sequence < read.NextSequence; sequence++)
            {
                Assert.True(read.TryRead(sequence, out StoredMessage _), $"log {log.LogId} has no gap at {sequence}");
            }
        }
    }
}
