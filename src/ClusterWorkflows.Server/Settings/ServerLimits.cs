namespace ClusterWorkflows.Server.Settings;

/// <summary>
/// The server's fixed input limits, in one place (docs/DECISIONS.md, "Input limits (issue 13)";
/// the runbook limits are ClusterWorkflows.Definitions.Limits.InputLimits).
/// </summary>
public static class ServerLimits
{
    /// <summary>Characters of a request path kept in an audit record; longer paths are cut (and marked so).</summary>
    public const int MaxAuditPathLength = 256;

    /// <summary>Characters of an audit reason kept.</summary>
    public const int MaxAuditReasonLength = 1_000;

    /// <summary>Audit records of calls without credentials written per window; the rest are counted in one summary record.</summary>
    public const int AnonymousAuditsPerWindow = 60;

    /// <summary>The window of <see cref="AnonymousAuditsPerWindow"/>.</summary>
    public static readonly TimeSpan AnonymousAuditWindow = TimeSpan.FromMinutes(1);

    /// <summary>Journal records in one page of GET /api/runs/{id} (and the most a caller may ask for).</summary>
    public const int JournalPageSize = 500;

    /// <summary>Files of the workflows folder larger than this are refused unread.</summary>
    public const long MaxWorkflowFileBytes = ClusterWorkflows.Definitions.Limits.InputLimits.MaxFileBytes;
}
