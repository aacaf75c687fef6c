using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends;

/// <summary>A run with every record of its journal.</summary>
public sealed record RunDetails(RunRecord Run, IReadOnlyList<JournalRecord> Journal);

/// <summary>
/// An operator decision: <see cref="Verb"/> is retry, skip, resume-from, cancel, approve or reject.
/// <see cref="Values"/> are a retry's edited inputs or a skip's outputs. <see cref="As"/> is the
/// name given with --as (null: the login name; a server records the token's name).
/// </summary>
public sealed record Alteration(string Verb, Guid RunId, string? Step, JsonObject? Values, string? Reason, string? As);

/// <summary>Reading, starting, altering and following runs.</summary>
public interface IRunBackend
{
    Task<IReadOnlyList<RunRecord>> ListAsync(RunQuery query, CancellationToken cancellationToken);

    Task<RunDetails?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<LogLine>> LogsAsync(Guid id, string? step, long after, int limit, CancellationToken cancellationToken);

    Task<RunRecord> StartAsync(StartRunRequest request, CancellationToken cancellationToken);

    Task<RunRecord> AlterAsync(Alteration alteration, CancellationToken cancellationToken);

    /// <summary>
    /// Returns once the run completed, faulted, was cancelled or waits for a person, the backend's
    /// run observer seeing each step meanwhile: embedded drives the run here, remote follows the
    /// server's events (from where the run stood before an alteration made through this backend).
    /// </summary>
    Task<RunRecord> SettleAsync(Guid id, CancellationToken cancellationToken);
}
