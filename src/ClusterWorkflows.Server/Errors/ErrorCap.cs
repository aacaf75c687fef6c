using ClusterWorkflows.Definitions.Limits;

namespace ClusterWorkflows.Server.Errors;

/// <summary>
/// Bounds the problems one response reports: the first <see cref="InputLimits.MaxReportedErrors"/>
/// in order, and a count of the rest (a request of 100,000 undeclared inputs answered 5 MB of errors).
/// </summary>
public static class ErrorCap
{
    /// <summary>The first problems, field by field in their order; <paramref name="more"/> counts the problems left out.</summary>
    public static IReadOnlyDictionary<string, string[]> Limit(IReadOnlyDictionary<string, string[]> errors, out int more)
    {
        more = 0;
        var kept = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var room = InputLimits.MaxReportedErrors;
        foreach (var (field, problems) in errors)
        {
            var shown = Math.Min(room, problems.Length);
            if (shown > 0)
            {
                kept[field] = problems.Length == shown ? problems : problems[..shown];
            }

            room -= shown;
            more += problems.Length - shown;
        }

        return kept;
    }

    /// <summary>The first items of a list and the count of the rest.</summary>
    public static IReadOnlyList<T> Limit<T>(IReadOnlyList<T> items, out int more)
    {
        more = Math.Max(0, items.Count - InputLimits.MaxReportedErrors);
        return more == 0 ? items : [.. items.Take(InputLimits.MaxReportedErrors)];
    }
}
