using ClusterWorkflows.Store;
using ClusterWorkflows.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Cli.Tests;

/// <summary>
/// The trial's one run and its journal, read straight from the CW_HOME database between two commands (a cw process
/// per look would double the trial's time). Null while no run exists: no database yet, or a schema that a killed
/// first process never finished creating.
/// </summary>
internal sealed record TrialState(RunRecord Run, IReadOnlyList<JournalRecord> Journal)
{
    public static async Task<TrialState?> ReadAsync(CwHome home)
    {
        var path = home.File("cw.db");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = path });
            var runs = await store.ListRunsAsync(new RunQuery { Limit = 2 }, CancellationToken.None);
            Assert.True(runs.Count <= 1, $"the trial made {runs.Count} runs");
            return runs.Count == 0 ? null : new TrialState(runs[0], await store.GetJournalAsync(runs[0].Id, CancellationToken.None));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // "no such table": the first cw was killed while it created the schema.
            return null;
        }
    }

    /// <summary>Paths whose latest live attempt faulted and was not absorbed: what the operator must decide on.</summary>
    public IEnumerable<string> OpenIncidents() =>
        Journal.Where(r => !r.Superseded)
            .GroupBy(r => r.StepPath, StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.Attempt)!)
            .Where(r => r is { Status: StepStatus.Faulted, Handled: false })
            .OrderBy(r => r.Sequence)
            .Select(r => r.StepPath);
}
