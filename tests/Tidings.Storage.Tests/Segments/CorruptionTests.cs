using Tidings.Storage.Segments;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

/// <summary>Damage that is not a torn tail stops start-up, unless repairing, which truncates and reports.</summary>
public sealed class CorruptionTests : IDisposable
{
    private const int SegmentBytes = 8192;
    private const int MessageBytes = 1000;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_CorruptRecordInNonLastSegment_ThrowsNamingFileOffsetAndRange()
    {
        var logId = await WriteLogAsync(messages: 32);
        var (file, offset) = CorruptSecondRecord(logId, segment: 1);
        var before = await File.ReadAllBytesAsync(file);

        var error = Assert.Throws<SegmentCorruptionException>(() => TestStores.Open(_directory.Path, SegmentBytes));

        Assert.Equal(logId, error.LogId);
        Assert.Equal(file, error.File);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {offset}", error.Message, StringComparison.Ordinal);
        Assert.Equal(FirstSequenceOf(file) + 1, error.FromSequence);
        Assert.Equal(33, error.ToSequence);
        Assert.Equal(before, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task Open_CorruptRecordWithRepair_TruncatesAndReportsTheDroppedRange()
    {
        var logId = await WriteLogAsync(messages: 32);
        var (file, offset) = CorruptSecondRecord(logId, segment: 1);
        var corruptSequence = FirstSequenceOf(file) + 1;
        var later = TestStores.SegmentFiles(_directory.Path, logId).Where(f => string.CompareOrdinal(f, file) > 0).ToList();

        using (var store = TestStores.Open(_directory.Path, SegmentBytes, repair: true))
        {
            var dropped = Assert.Single(store.Recovery.Dropped);
            Assert.Equal(logId, dropped.LogId);
            Assert.Equal(corruptSequence, dropped.FromSequence);
            Assert.Equal(33, dropped.ToSequence);
            Assert.Equal(file, dropped.File);
            Assert.Equal(offset, dropped.Offset);
            Assert.Contains(file, dropped.Files);
            Assert.All(later, f => Assert.Contains(f, dropped.Files));
            Assert.All(later, f => Assert.False(File.Exists(f)));

            var log = store.FindLog(logId)!;
            TestMessages.AssertText(log, corruptSequence - 1, $"m{corruptSequence - 2}-0");
            Assert.False(log.TryRead(corruptSequence, out _));
            Assert.Equal(33, log.NextSequence); // dropped sequences are never handed out again
            Assert.Equal(33, await log.AppendAsync(TestMessages.Batch("after", 1), CancellationToken.None));
        }

        using var reopened = TestStores.Open(_directory.Path, SegmentBytes);
        Assert.Empty(reopened.Recovery.Dropped);
        var again = reopened.FindLog(logId)!;
        Assert.Equal(34, again.NextSequence);
        TestMessages.AssertText(again, 33, "after-0");
        Assert.False(again.TryRead(corruptSequence, out _));
    }

    [Fact]
    public async Task Open_CorruptRecordFollowedByValidOnesInLastSegment_Throws()
    {
        var logId = await WriteLogAsync(messages: 32);
        var last = TestStores.SegmentFiles(_directory.Path, logId).Length - 1;
        var (file, offset) = CorruptSecondRecord(logId, segment: last);

        var error = Assert.Throws<SegmentCorruptionException>(() => TestStores.Open(_directory.Path, SegmentBytes));

        Assert.Equal(file, error.File);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(33, error.ToSequence);
    }

    [Fact]
    public async Task Open_MissingMiddleSegment_ThrowsAndRepairReportsTheGap()
    {
        var logId = await WriteLogAsync(messages: 32);
        var files = TestStores.SegmentFiles(_directory.Path, logId);
        File.Delete(files[1]);

        var error = Assert.Throws<SegmentCorruptionException>(() => TestStores.Open(_directory.Path, SegmentBytes));
        Assert.Equal(files[2], error.File);
        Assert.Equal(FirstSequenceOf(files[1]), error.FromSequence);
        Assert.Equal(FirstSequenceOf(files[2]), error.ToSequence);

        using var repaired = TestStores.Open(_directory.Path, SegmentBytes, repair: true);
        var dropped = Assert.Single(repaired.Recovery.Dropped);
        Assert.Equal(FirstSequenceOf(files[1]), dropped.FromSequence);
        Assert.Equal(FirstSequenceOf(files[2]), dropped.ToSequence);
        var log = repaired.FindLog(logId)!;
        Assert.Equal(33, log.NextSequence);
        TestMessages.AssertText(log, 32, "m31-0");
    }

    [Fact]
    public async Task Open_CorruptHeaderOfFirstSegment_Throws()
    {
        var logId = await WriteLogAsync(messages: 32);
        var file = TestStores.SegmentFiles(_directory.Path, logId)[0];
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.Position = 9;
            stream.WriteByte(0x77);
        }

        var error = Assert.Throws<SegmentCorruptionException>(() => TestStores.Open(_directory.Path, SegmentBytes));

        Assert.Equal(0, error.Offset);
        Assert.Contains("header", error.Message, StringComparison.Ordinal);
    }

    private async Task<long> WriteLogAsync(int messages)
    {
        using var store = TestStores.Open(_directory.Path, SegmentBytes);
        var log = store.CreateLog();
        for (var i = 0; i < messages; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"m{i}", 1, MessageBytes), CancellationToken.None);
        }
        Assert.True(TestStores.SegmentFiles(_directory.Path, log.LogId).Length >= 4);
        return log.LogId;
    }

    /// <summary>Flips a byte in the data of the second record of a segment; returns the file and the record's offset.</summary>
    private (string File, long Offset) CorruptSecondRecord(long logId, int segment)
    {
        var file = TestStores.SegmentFiles(_directory.Path, logId)[segment];
        var bytes = File.ReadAllBytes(file);
        var first = SegmentHeader.Size;
        var second = first + RecordCodec.FrameSize + (int)BitConverter.ToUInt32(bytes, first + 4);
        bytes[second + 60] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        return (file, second);
    }

    private static long FirstSequenceOf(string file) =>
        long.Parse(Path.GetFileNameWithoutExtension(file), System.Globalization.CultureInfo.InvariantCulture);
}
