using System.Collections.Concurrent;
using ClusterWorkflows.Definitions;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Server.Settings;

namespace ClusterWorkflows.Server.Definitions;

/// <summary>How the last load of one file of the workflows folder went.</summary>
public sealed record FolderFile(string Path, string? Workflow, int? Version, bool Ok, IReadOnlyList<string> Problems, DateTimeOffset LoadedAt);

/// <summary>
/// Loads the workflows folder at start and again whenever a file in it changes: each runbook file
/// becomes a definition version (see <see cref="DefinitionService"/>). A bad file is reported (in
/// the log and at GET /api/definitions/files) and skipped; it never stops the server.
/// </summary>
public sealed partial class WorkflowFolder(DefinitionService definitions, ServerOptions options, ILogger<WorkflowFolder> logger) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);
    private readonly ConcurrentDictionary<string, FolderFile> files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> changed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim wake = new(0);

    public IReadOnlyList<FolderFile> Files => [.. files.Values.OrderBy(f => f.Path, StringComparer.Ordinal)];

    /// <summary>Completes once the first full load is done (tests and readiness wait on it).</summary>
    public Task Loaded => loaded.Task;

    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.WorkflowsFolder is not { } folder || !Directory.Exists(folder))
        {
            if (options.WorkflowsFolder is { } missing)
            {
                logger.LogWarning("the workflows folder {Folder} does not exist; nothing loaded", missing);
            }

            loaded.TrySetResult();
            return;
        }

        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Changed += (_, e) => Queue(e.FullPath);
        watcher.Created += (_, e) => Queue(e.FullPath);
        watcher.Renamed += (_, e) => Queue(e.FullPath);
        watcher.EnableRaisingEvents = true;

        await LoadAsync(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(IsRunbookFile).ToList(), stoppingToken);
        loaded.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await wake.WaitAsync(stoppingToken);
                // Editors write a file in several steps: wait until it has been quiet for a moment.
                while (await wake.WaitAsync(Settle, stoppingToken))
                {
                }

                var batch = changed.Keys.ToList();
                foreach (var path in batch)
                {
                    changed.TryRemove(path, out _);
                }

                await LoadAsync(batch.Where(File.Exists).ToList(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Queue(string path)
    {
        if (IsRunbookFile(path))
        {
            changed[path] = 0;
            wake.Release();
        }
    }

    /// <summary>
    /// Saves the files; a file that calls a workflow defined by another file of the batch is tried
    /// again after the others, until a round saves nothing more.
    /// </summary>
    private async Task LoadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var pending = paths.ToList();
        while (pending.Count > 0)
        {
            var failed = new List<string>();
            var progress = false;
            foreach (var path in pending)
            {
                progress |= await LoadOneAsync(path, failed, cancellationToken);
            }

            if (!progress || failed.Count == pending.Count)
            {
                break;
            }

            pending = failed;
        }
    }

    private async Task<bool> LoadOneAsync(string path, List<string> failed, CancellationToken cancellationToken)
    {
        try
        {
            // Refused unread: a 20 MB file raised the server to 1.2 GB, and it stayed there.
            var size = new FileInfo(path).Length;
            if (size > ServerLimits.MaxWorkflowFileBytes)
            {
                Report(path, [$"{path}: the file is {size} bytes; runbooks are at most {ServerLimits.MaxWorkflowFileBytes} bytes ({ServerLimits.MaxWorkflowFileBytes / 1024 / 1024} MiB)"]);
                return false;
            }

            var text = await File.ReadAllTextAsync(path, cancellationToken);
            if (!LooksLikeRunbook(text))
            {
                // The folder also holds stack files and inventories: only documents with a top-level id are runbooks.
                files.TryRemove(path, out _);
                return false;
            }

            var outcome = await definitions.SaveAsync(text, path, cancellationToken);
            files[path] = new FolderFile(path, outcome.Record.Id, outcome.Record.Version, true, outcome.Note is { } note ? [note] : [], DateTimeOffset.UtcNow);
            return true;
        }
        catch (DefinitionInvalidException ex)
        {
            if (ex.Diagnostics.Any(d => d.Code == DiagnosticCodes.CallUnknownWorkflow))
            {
                failed.Add(path);
            }

            Report(path, ex.Diagnostics.Select(d => d.ToString()).ToList());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Store.DefinitionConflictException or Errors.ApiException)
        {
            Report(path, [ex.Message]);
        }

        return false;
    }

    private void Report(string path, IReadOnlyList<string> problems)
    {
        files[path] = new FolderFile(path, null, null, false, problems, DateTimeOffset.UtcNow);
        logger.LogWarning("{Path} was not loaded: {Problems}", path, string.Join("; ", problems.Take(5)));
    }

    private static bool LooksLikeRunbook(string text) =>
        TopLevelId().IsMatch(text) || (text.TrimStart().StartsWith('{') && text.Contains("\"steps\"", StringComparison.Ordinal));

    [System.Text.RegularExpressions.GeneratedRegex(@"^id:", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex TopLevelId();

    private static bool IsRunbookFile(string path) =>
        DefinitionRepository.IsDefinitionFile(path) && !Path.GetFileName(path).StartsWith('.');
}
