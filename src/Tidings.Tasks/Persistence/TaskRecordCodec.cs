using Google.Protobuf;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Persistence;

/// <summary>
/// The task store payload of a <see cref="TaskRecord"/>: a format version byte, then protobuf fields (layout in
/// FORMAT.md beside this file). Unknown fields are skipped, so a field added later under the same version is read by
/// this build as absent.
/// </summary>
internal static class TaskRecordCodec
{
    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const byte FormatVersion = 1;

    private const int TaskField = 1;
    private const int ExecutionCountField = 2;
    private const int PreviousResponseField = 3;
    private const int ClaimedField = 4;
    private const int ForcedField = 5;

    /// <summary>The record in one array of its exact size (written once per create and twice per dispatch, so no copies).</summary>
    public static byte[] Encode(TaskRecord record)
    {
        var size = 1 + CodedOutputStream.ComputeTagSize(TaskField) + CodedOutputStream.ComputeMessageSize(record.Task)
            + IntSize(ExecutionCountField, record.ExecutionCount) + IntSize(PreviousResponseField, record.PreviousResponse)
            + IntSize(ClaimedField, record.Claimed ? 1 : 0) + IntSize(ForcedField, record.Forced ? 1 : 0);
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        output.WriteRawTag(FormatVersion);
        output.WriteTag(TaskField, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(record.Task);
        WriteInt(output, ExecutionCountField, record.ExecutionCount);
        WriteInt(output, PreviousResponseField, record.PreviousResponse);
        WriteInt(output, ClaimedField, record.Claimed ? 1 : 0);
        WriteInt(output, ForcedField, record.Forced ? 1 : 0);
        output.CheckNoSpaceLeft();
        return bytes;
    }

    private static int IntSize(int field, int value) =>
        value == 0 ? 0 : CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeInt32Size(value);

    /// <exception cref="InvalidDataException">Not a record this build can read (a newer version, or damaged).</exception>
    public static TaskRecord Decode(ReadOnlyMemory<byte> payload)
    {
        var bytes = payload.Span;
        if (bytes.Length == 0 || bytes[0] > FormatVersion || bytes[0] == 0)
        {
            throw new InvalidDataException(bytes.Length == 0
                ? "A task record is empty."
                : $"A task record has format version {bytes[0]}; this Tidings reads versions up to {FormatVersion}: it was written by a newer Tidings.");
        }
        try
        {
            var input = new CodedInputStream(payload[1..].ToArray());
            CloudTask? task = null;
            int executionCount = 0, previousResponse = 0;
            bool claimed = false, forced = false;
            for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case TaskField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                        task = new CloudTask();
                        input.ReadMessage(task);
                        break;
                    case ExecutionCountField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                        executionCount = input.ReadInt32();
                        break;
                    case PreviousResponseField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                        previousResponse = input.ReadInt32();
                        break;
                    case ClaimedField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                        claimed = input.ReadBool();
                        break;
                    case ForcedField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                        forced = input.ReadBool();
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            return new TaskRecord(task ?? throw new InvalidDataException("A task record holds no task."))
            {
                ExecutionCount = executionCount,
                PreviousResponse = previousResponse,
                Claimed = claimed,
                Forced = forced,
            };
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new InvalidDataException($"A task record is damaged: {exception.Message}", exception);
        }
    }

    private static void WriteInt(CodedOutputStream output, int field, int value)
    {
        if (value != 0)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt32(value);
        }
    }
}
