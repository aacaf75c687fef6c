using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Text;
using ClusterWorkflows.Definitions;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Definitions;

/// <summary>Thrown when a definition file does not load or validate; carries every diagnostic.</summary>
public sealed class DefinitionInvalidException(string source, IReadOnlyList<Diagnostic> diagnostics)
    : Exception($"{source} is not a valid runbook:{Environment.NewLine}{Hosting.ProblemList.Format(diagnostics.Select(d => d.ToString()).ToList())}")
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}

/// <summary>
/// Saved definition versions, parsed once and cached. Saving validates first (including the
/// workflows it calls) so that a stored version is always runnable.
/// </summary>
public sealed partial class DefinitionRepository(IWorkflowStore store, ActivityCatalog catalog, TimeProvider time) : IDefinitionResolver
{
    private readonly ConcurrentDictionary<(string Id, int Version), WorkflowDefinition> cache = new();
    private readonly ConcurrentDictionary<(string Id, int Version), IReadOnlySet<string>> secretNames = new();

    [GeneratedRegex(@"secrets\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['""]([^'""]+)['""]\s*\])", RegexOptions.CultureInvariant)]
    private static partial Regex SecretReference();

    public WorkflowDefinition? Resolve(string id, int version) => cache.GetValueOrDefault((id, version));

    /// <summary>Loads a saved version (newest when null) and every workflow it calls, transitively.</summary>
    public async Task<WorkflowDefinition?> GetAsync(string id, int? version, CancellationToken cancellationToken)
    {
        if (version is { } v && cache.TryGetValue((id, v), out var cached))
        {
            await PreloadCallsAsync(cached, cancellationToken);
            return cached;
        }

        var record = await store.GetDefinitionAsync(id, version, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var definition = Parse(record);
        await PreloadCallsAsync(definition, cancellationToken);
        return definition;
    }

    private WorkflowDefinition Parse(DefinitionRecord record)
    {
        if (cache.TryGetValue((record.Id, record.Version), out var cached))
        {
            return cached;
        }

        var result = DefinitionLoader.Parse(record.Content, record.SourcePath ?? $"{record.Id}@{record.Version}");
        if (result.Definition is null || result.Diagnostics.Count > 0)
        {
            throw new DefinitionInvalidException($"stored definition {record.Id}@{record.Version}", result.Diagnostics);
        }

        Remember(record.Id, record.Version, record.Content);
        return cache.GetOrAdd((record.Id, record.Version), result.Definition);
    }

    /// <summary>
    /// The secret names a workflow and the workflows it calls reference (<c>secrets.NAME</c>), found
    /// once per saved version from its text, so that a run decrypts only those.
    /// </summary>
    public IReadOnlySet<string> SecretNames(WorkflowDefinition root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(string, int)>();
        var queue = new Queue<WorkflowDefinition>([root]);
        while (queue.TryDequeue(out var definition))
        {
            if (!seen.Add((definition.Id, definition.Version)))
            {
                continue;
            }

            names.UnionWith(secretNames.GetValueOrDefault((definition.Id, definition.Version)) ?? new HashSet<string>());
            foreach (var call in Calls(definition.Steps))
            {
                if (Resolve(call.Workflow, call.Version) is { } child)
                {
                    queue.Enqueue(child);
                }
            }
        }

        return names;
    }

    private void Remember(string id, int version, string content) =>
        secretNames.TryAdd((id, version), SecretReference().Matches(content)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .ToHashSet(StringComparer.Ordinal));

    private async Task PreloadCallsAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        foreach (var call in Calls(definition.Steps))
        {
            if (!cache.ContainsKey((call.Workflow, call.Version)))
            {
                var record = await store.GetDefinitionAsync(call.Workflow, call.Version, cancellationToken);
                if (record is not null)
                {
                    await PreloadCallsAsync(Parse(record), cancellationToken);
                }
            }
        }
    }

    public static IEnumerable<CallStep> Calls(IEnumerable<Step> steps) =>
        steps.SelectMany(s => (s is CallStep c ? [c] : Enumerable.Empty<CallStep>()).Concat(Calls(s.Children)));

    /// <summary>
    /// Validates and saves a runbook file, plus the workflows it calls that sit in the same folder.
    /// Returns the saved definition. Same id+version with other content is refused (versions are immutable).
    /// </summary>
    public async Task<WorkflowDefinition> ImportFileAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var loaded = Load(full);
        var siblings = new Dictionary<(string, int), (WorkflowDefinition Definition, string Path)>();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(full)!).Where(IsDefinitionFile))
        {
            if (file != full && DefinitionLoader.LoadFile(file) is { Definition: { } d, Diagnostics.Count: 0 })
            {
                siblings.TryAdd((d.Id, d.Version), (d, file));
            }
        }

        var needed = new List<(WorkflowDefinition Definition, string Path)>();
        await CollectCallsAsync(loaded, siblings, needed, [], cancellationToken);
        var all = needed.Select(n => n.Definition).Prepend(loaded).ToList();
        var diagnostics = new WorkflowValidator(catalog).ValidateAll(all);
        if (diagnostics.Count > 0)
        {
            throw new DefinitionInvalidException(path, diagnostics);
        }

        // Call targets that came from the store (empty path) are saved already.
        foreach (var (definition, file) in needed.Where(n => n.Path.Length > 0).Prepend((loaded, full)))
        {
            await SaveAsync(definition, await File.ReadAllTextAsync(file, cancellationToken), file, cancellationToken);
        }

        return loaded;
    }

    public async Task SaveAsync(WorkflowDefinition definition, string content, string? sourcePath, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        await store.SaveDefinitionAsync(new DefinitionRecord(definition.Id, definition.Version, content, hash, sourcePath, time.GetUtcNow()), cancellationToken);
        Remember(definition.Id, definition.Version, content);
        cache.TryAdd((definition.Id, definition.Version), definition);
    }

    private async Task CollectCallsAsync(
        WorkflowDefinition definition,
        Dictionary<(string, int), (WorkflowDefinition Definition, string Path)> siblings,
        List<(WorkflowDefinition Definition, string Path)> needed,
        HashSet<(string, int)> seen,
        CancellationToken cancellationToken)
    {
        foreach (var call in Calls(definition.Steps))
        {
            var key = (call.Workflow, call.Version);
            if (!seen.Add(key))
            {
                continue;
            }

            if (siblings.TryGetValue(key, out var sibling))
            {
                needed.Add(sibling);
                await CollectCallsAsync(sibling.Definition, siblings, needed, seen, cancellationToken);
            }
            else if (await GetAsync(call.Workflow, call.Version, cancellationToken) is { } stored)
            {
                needed.Add((stored, ""));
            }
        }
    }

    private static WorkflowDefinition Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"runbook file not found: {path}", path);
        }

        var result = DefinitionLoader.LoadFile(path);
        if (result.Definition is null || result.Diagnostics.Count > 0)
        {
            throw new DefinitionInvalidException(path, result.Diagnostics);
        }

        return result.Definition;
    }

    public static bool IsDefinitionFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
