namespace Tidings.Kernel.Errors;

/// <summary>
/// The one error a domain raises: the code and message Google returns for the same mistake and, where Google sends
/// them, structured details. The API layer maps it to a gRPC status and, when there are details, to a
/// <c>google.rpc.Status</c> in the <c>grpc-status-details-bin</c> trailer and the REST error's <c>details</c>.
/// Each service builds its instances in one catalogue (e.g. <c>PubSubErrors</c>) so every text is pinned by a test.
/// </summary>
public class TidingsException : Exception
{
    public TidingsException(ErrorCode code, string message, ErrorInfo? info = null, IReadOnlyList<FieldViolation>? fieldViolations = null)
        : base(message)
    {
        Code = code;
        Info = info;
        FieldViolations = fieldViolations ?? [];
    }

    public ErrorCode Code { get; }

    /// <summary>Sent as a <c>google.rpc.ErrorInfo</c> detail; null for none.</summary>
    public ErrorInfo? Info { get; }

    /// <summary>Sent as one <c>google.rpc.BadRequest</c> detail; empty for none.</summary>
    public IReadOnlyList<FieldViolation> FieldViolations { get; }

    /// <summary>True when the error carries anything beyond its code and message.</summary>
    public bool HasDetails => Info is not null || FieldViolations.Count > 0;
}
