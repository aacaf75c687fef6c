using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Alterations;

/// <summary>Derives a run's open incidents and waiting bookmarks from its journal.</summary>
public static class Incidents
{
    public static IReadOnlyList<JournalRecord> Latest(IEnumerable<JournalRecord> journal) =>
        journal.Where(r => !r.Superseded)
            .GroupBy(r => r.StepPath, StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.Attempt)!)
            .OrderBy(r => r.Sequence)
            .ToList();

    public static IReadOnlyList<JournalRecord> Open(IEnumerable<JournalRecord> journal) =>
        Latest(journal).Where(r => r is { Status: StepStatus.Faulted, Handled: false }).ToList();

    public static IReadOnlyList<JournalRecord> Waiting(IEnumerable<JournalRecord> journal) =>
        Latest(journal).Where(r => r.Status == StepStatus.Waiting).ToList();

    public static bool IsApproval(JournalRecord record) => record.Bookmark?["kind"]?.GetValue<string>() == "approval";
}
