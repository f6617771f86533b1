using System.Text;
using Google.Cloud.Iam.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Tidings.Storage.State;
using Tidings.Tasks.Persistence;

namespace Tidings.Tasks.Tests.Persistence;

/// <summary>The queue record format: versioned JSON holding the queue and its policy.</summary>
public sealed class QueueDocumentsTests
{
    private static readonly Queue Sample = new()
    {
        Name = "projects/p/locations/l/queues/q",
        State = Queue.Types.State.Paused,
        RateLimits = new RateLimits { MaxDispatchesPerSecond = 2.5, MaxBurstSize = 10, MaxConcurrentDispatches = 7 },
    };

    private static StateDocument Document(StateChange change) => new(change.Kind, change.Key, change.Value!.Value.ToArray());

    [Fact]
    public void PutRead_RoundTripsQueueAndPolicy()
    {
        var policy = new Policy { Version = 1, Etag = ByteString.CopyFromUtf8("e"), Bindings = { new Binding { Role = "roles/x", Members = { "user:a" } } } };

        var (queue, read) = QueueDocuments.Read(Document(QueueDocuments.Put(Sample, policy)));

        Assert.Equal(Sample, queue);
        Assert.Equal(policy, read);
    }

    [Fact]
    public void PutRead_NoPolicy_Null()
    {
        var (_, policy) = QueueDocuments.Read(Document(QueueDocuments.Put(Sample, null)));

        Assert.Null(policy);
    }

    [Fact]
    public void Put_JsonWithVersionAndProtoFieldNames()
    {
        var json = Encoding.UTF8.GetString(QueueDocuments.Put(Sample, null).Value!.Value.Span);

        Assert.StartsWith("{\"FormatVersion\":1,\"Queue\":{", json, StringComparison.Ordinal);
        Assert.Contains("\"max_dispatches_per_second\":2.5", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NewerVersion_RefusedNamingTheRecord()
    {
        var document = new StateDocument(QueueDocuments.Kind, "projects/p/locations/l/queues/q", Encoding.UTF8.GetBytes("{\"FormatVersion\":2,\"Queue\":{}}"));

        var error = Assert.Throws<InvalidDataException>(() => QueueDocuments.Read(document));

        Assert.Contains("projects/p/locations/l/queues/q", error.Message, StringComparison.Ordinal);
        Assert.Contains("format version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotJson_InvalidData()
    {
        var document = new StateDocument(QueueDocuments.Kind, "k", Encoding.UTF8.GetBytes("not json"));

        Assert.Throws<InvalidDataException>(() => QueueDocuments.Read(document));
    }
}
