using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Commands;

/// <summary>Run ids may be abbreviated to any unique prefix, like git commits.</summary>
public static class RunIds
{
    public static async Task<Guid> ResolveAsync(IRunBackend runs, string text, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        if (text.Length < 4)
        {
            throw new UsageException($"run id '{text}' is too short; give at least 4 characters");
        }

        var matches = new List<Guid>();
        for (var offset = 0; ; offset += 1000)
        {
            var page = await runs.ListAsync(new RunQuery { Limit = 1000, Offset = offset }, cancellationToken);
            matches.AddRange(page.Select(r => r.Id).Where(g => g.ToString().StartsWith(text, StringComparison.OrdinalIgnoreCase)));
            if (page.Count < 1000)
            {
                break;
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new UsageException($"no run matches '{text}'"),
            _ => throw new UsageException($"'{text}' matches {matches.Count} runs; give more characters"),
        };
    }
}
