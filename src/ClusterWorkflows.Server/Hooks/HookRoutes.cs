using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Server.Engine;

namespace ClusterWorkflows.Server.Hooks;

/// <summary>An http trigger of the newest version of a saved runbook, and the path parameters a request filled.</summary>
public sealed record HookRoute(WorkflowDefinition Definition, HttpTrigger Trigger, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// Finds the runbook behind /hooks/&lt;path&gt;: the http triggers of the newest version of every saved
/// runbook, rebuilt when a runbook is saved on this node and at least every few seconds (runbooks
/// saved through another node). A path may hold <c>{name}</c> segments; a literal segment wins
/// over a parameter.
/// </summary>
public sealed class HookRoutes(EngineHost host, ILogger<HookRoutes> logger)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim building = new(1, 1);
    private IReadOnlyList<(string[] Segments, WorkflowDefinition Definition, HttpTrigger Trigger)> routes = [];
    private DateTimeOffset builtAt = DateTimeOffset.MinValue;

    public void Invalidate() => builtAt = DateTimeOffset.MinValue;

    public async Task<HookRoute?> FindAsync(string path, CancellationToken cancellationToken)
    {
        var segments = Split(path);
        var best = (await RoutesAsync(cancellationToken))
            .Where(r => r.Segments.Length == segments.Length && r.Segments.Select((s, i) => IsParameter(s) || s == segments[i]).All(ok => ok))
            .OrderBy(r => r.Segments.Count(IsParameter))
            .FirstOrDefault();
        if (best.Definition is null)
        {
            return null;
        }

        var parameters = best.Segments.Select((s, i) => (s, i)).Where(p => IsParameter(p.s))
            .ToDictionary(p => p.s[1..^1], p => Uri.UnescapeDataString(segments[p.i]), StringComparer.Ordinal);
        return new HookRoute(best.Definition, best.Trigger, parameters);
    }

    /// <summary>The runbook other than <paramref name="definitionId"/> whose trigger already uses <paramref name="path"/>, if any.</summary>
    public async Task<string?> OwnerAsync(string path, string definitionId, CancellationToken cancellationToken) =>
        (await RoutesAsync(cancellationToken))
            .Where(r => r.Definition.Id != definitionId && string.Join('/', r.Segments) == string.Join('/', Split(path)))
            .Select(r => r.Definition.Id)
            .FirstOrDefault();

    private async Task<IReadOnlyList<(string[] Segments, WorkflowDefinition Definition, HttpTrigger Trigger)>> RoutesAsync(CancellationToken cancellationToken)
    {
        if (host.Services.Time.GetUtcNow() - builtAt < Refresh)
        {
            return routes;
        }

        await building.WaitAsync(cancellationToken);
        try
        {
            var now = host.Services.Time.GetUtcNow();
            if (now - builtAt < Refresh)
            {
                return routes;
            }

            var built = new List<(string[], WorkflowDefinition, HttpTrigger)>();
            foreach (var record in await host.Services.Store.ListDefinitionsAsync(cancellationToken))
            {
                try
                {
                    if (await host.Services.Definitions.GetAsync(record.Id, record.Version, cancellationToken) is { } definition)
                    {
                        built.AddRange(definition.Triggers.OfType<HttpTrigger>().Select(t => (Split(t.Path), definition, t)));
                    }
                }
                catch (Runtime.Definitions.DefinitionInvalidException ex)
                {
                    logger.LogWarning("{Workflow}@{Version} is not routable: {Message}", record.Id, record.Version, ex.Message);
                }
            }

            routes = built;
            builtAt = now;
            return routes;
        }
        finally
        {
            building.Release();
        }
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';
}
