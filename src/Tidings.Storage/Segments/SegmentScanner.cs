using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Tidings.Storage.Segments;

/// <summary>Reads segment files at recovery: indexing the records in order, and searching past a damaged record.</summary>
internal static class SegmentScanner
{
    private const int ChunkSize = 1024 * 1024;

    /// <summary>Candidates are checked only when their sequence lies this close above the expected one.</summary>
    private const long SequenceWindow = 1L << 40;

    /// <summary>
    /// Indexes the records of <paramref name="segment"/> from its header on while they are valid and continue
    /// its sequence, reading in 1 MiB chunks, and sets its length to the end of the last good record. Returns
    /// <see cref="ScanOutcome.Complete"/> when the file ends right after a good record.
    /// </summary>
    public static ScanOutcome IndexRecords(ISegmentFileOps files, Segment segment, long fileLength, out string problem)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long bufferStart = SegmentHeader.Size;
        var count = 0;
        long position = SegmentHeader.Size;
        try
        {
            while (position < fileLength)
            {
                var inBuffer = (int)(position - bufferStart);
                var status = RecordCodec.Check(buffer.AsSpan(inBuffer, count - inBuffer), out var length, out var sequence);
                var needed = Math.Max(length, RecordCodec.FrameSize);
                if (status == RecordStatus.Incomplete && position + needed <= fileLength)
                {
                    var kept = count - inBuffer;
                    if (needed > buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(needed);
                        buffer.AsSpan(inBuffer, kept).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    else
                    {
                        buffer.AsSpan(inBuffer, kept).CopyTo(buffer);
                    }
                    bufferStart = position;
                    var added = Fill(files, segment.Handle, buffer.AsSpan(kept), bufferStart + kept, fileLength);
                    count = kept + added;
                    if (added == 0)
                    {
                        fileLength = bufferStart + count; // the file is shorter than it said
                    }
                    continue;
                }
                segment.Length = position;
                if (status != RecordStatus.Valid)
                {
                    problem = status == RecordStatus.Incomplete ? "incomplete record" : "CRC mismatch or malformed record";
                    return ScanOutcome.Damaged;
                }
                if (sequence != segment.EndSequence)
                {
                    problem = $"a valid record of sequence {sequence} where {segment.EndSequence} was expected";
                    return ScanOutcome.OutOfSequence;
                }
                segment.AddRecord(position);
                position += length;
            }
            segment.Length = position;
            problem = "";
            return ScanOutcome.Complete;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Searches every byte offset from <paramref name="start"/> on for a complete, valid record whose sequence is
    /// at least <paramref name="minSequence"/>; returns the highest such sequence, or -1 when there is none.
    /// </summary>
    public static long HighestValidSequence(ISegmentFileOps files, SafeFileHandle handle, long start, long fileLength, long minSequence)
    {
        if (start >= fileLength)
        {
            return -1;
        }
        var rest = new byte[fileLength - start];
        var span = rest.AsSpan(0, Fill(files, handle, rest, start, fileLength));
        long highest = -1;
        var position = 0;
        while (position + RecordCodec.FrameSize + RecordCodec.MinBodyLength <= span.Length)
        {
            var candidate = span[position..];
            if (IsCandidate(candidate, minSequence)
                && RecordCodec.Check(candidate, out var length, out var sequence) == RecordStatus.Valid)
            {
                highest = Math.Max(highest, sequence);
                position += length;
            }
            else
            {
                position++;
            }
        }
        return highest;
    }

    /// <summary>A cheap filter before the CRC: a plausible length that fits, and a sequence near the expected one.</summary>
    private static bool IsCandidate(ReadOnlySpan<byte> span, long minSequence)
    {
        var bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        if (bodyLength < RecordCodec.MinBodyLength || RecordCodec.FrameSize + (long)bodyLength > span.Length)
        {
            return false;
        }
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(span[RecordCodec.FrameSize..]);
        return sequence >= minSequence && sequence - minSequence < SequenceWindow;
    }

    /// <summary>Reads from <paramref name="offset"/> until the buffer is full or the file ends; returns the bytes read.</summary>
    public static int Fill(ISegmentFileOps files, SafeFileHandle handle, Span<byte> buffer, long offset, long fileLength)
    {
        var wanted = (int)Math.Min(buffer.Length, Math.Max(0, fileLength - offset));
        var total = 0;
        while (total < wanted)
        {
            var read = files.Read(handle, buffer[total..wanted], offset + total);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }
}
