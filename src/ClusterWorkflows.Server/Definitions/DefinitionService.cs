using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterWorkflows.Definitions;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Settings;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Definitions;

/// <summary>What saving a runbook did.</summary>
public sealed record SaveOutcome(DefinitionRecord Record, bool Created, string? Note);

/// <summary>
/// Saves runbook text as immutable versions, from the API and from the workflows folder alike.
/// The server numbers versions: the text's <c>version:</c> is used when it is new; text that differs
/// from a saved version with that number becomes the next version (the version line is rewritten,
/// so the stored text always states its own version); text equal to the newest version is not
/// saved again. Saving validates first (called workflows included), syncs the cron schedules and,
/// when configured, writes the text back to the workflows folder.
/// </summary>
public sealed partial class DefinitionService(EngineHost host, ServerOptions options, Hooks.HookRoutes hooks, ILogger<DefinitionService> logger)
{
    private readonly SemaphoreSlim saving = new(1, 1);

    [GeneratedRegex(@"^version:[ \t]*[^\r\n#]*", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex VersionLine();

    /// <summary>Every problem of the text (loader and validator), without saving.</summary>
    public async Task<IReadOnlyList<Diagnostic>> ValidateAsync(string content, string name, CancellationToken cancellationToken)
    {
        var loaded = DefinitionLoader.Parse(content, name);
        if (loaded.Definition is null)
        {
            return loaded.Diagnostics;
        }

        return [.. loaded.Diagnostics, .. await ValidateDefinitionAsync(loaded.Definition, cancellationToken)];
    }

    public async Task<SaveOutcome> SaveAsync(string content, string? sourcePath, CancellationToken cancellationToken)
    {
        await saving.WaitAsync(cancellationToken);
        try
        {
            return await SaveLockedAsync(content, sourcePath, cancellationToken);
        }
        finally
        {
            saving.Release();
        }
    }

    private async Task<SaveOutcome> SaveLockedAsync(string content, string? sourcePath, CancellationToken cancellationToken)
    {
        var name = sourcePath ?? "content";
        var definition = Load(content, name);
        var store = host.Services.Store;
        var versions = await store.ListDefinitionVersionsAsync(definition.Id, cancellationToken);
        var newest = versions.MaxBy(v => v.Version);
        string? note = null;
        if (versions.FirstOrDefault(v => v.Version == definition.Version) is { } same && same.ContentHash == Hash(content))
        {
            return new SaveOutcome(same, false, null);
        }

        if (newest is not null && definition.Version <= newest.Version)
        {
            // The text may be an older file whose version line went stale: equal to the newest once renumbered means nothing new.
            var renumbered = WithVersion(content, newest.Version);
            var deleted = await store.GetDefinitionAsync(definition.Id, null, cancellationToken) is null;
            if (Hash(renumbered) == newest.ContentHash && !deleted)
            {
                return new SaveOutcome(newest, false, null);
            }

            var next = newest.Version + 1;
            note = $"version {definition.Version} is taken: saved as version {next}";
            content = WithVersion(content, next);
            definition = Load(content, name);
        }

        var problems = await ValidateDefinitionAsync(definition, cancellationToken);
        if (problems.Count > 0)
        {
            throw new DefinitionInvalidException(name, problems);
        }

        foreach (var trigger in definition.Triggers.OfType<HttpTrigger>())
        {
            if (await hooks.OwnerAsync(trigger.Path, definition.Id, cancellationToken) is { } owner)
            {
                throw new Errors.ApiException(StatusCodes.Status409Conflict, $"The hook path {trigger.Path} is already the trigger of runbook '{owner}'.");
            }
        }

        var target = WriteBackTarget(definition.Id, sourcePath, newest?.SourcePath);
        // A renumbered folder file gets its new version line too, so the file and the stored text agree.
        // The file is written before the version is saved and only renamed into place after, so a
        // file that cannot be written fails the request with nothing saved.
        var temporary = options.WriteBack && target is not null && (target != sourcePath || note is not null)
            ? await WriteTemporaryAsync(target, content, cancellationToken)
            : null;
        try
        {
            await host.Services.Definitions.SaveAsync(definition, content, target ?? sourcePath, cancellationToken);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }

        if (temporary is not null)
        {
            File.Move(temporary, target!, overwrite: true);
        }

        await new Scheduler(host.Services, host.Engine, host.Services.Options.WorkerId).SyncAsync(definition, cancellationToken);

        hooks.Invalidate();
        var saved = await store.GetDefinitionAsync(definition.Id, definition.Version, cancellationToken)
            ?? throw new InvalidOperationException($"{definition.Reference} vanished after saving");
        logger.LogInformation("saved {Workflow}@{Version}{Note}", definition.Id, definition.Version, note is null ? "" : $" ({note})");
        return new SaveOutcome(saved, true, note);
    }

    /// <summary>Removes a definition from the list and stops its schedules; runs pinned to its versions go on.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await host.Store.DeleteDefinitionAsync(id, host.Services.Time.GetUtcNow(), cancellationToken);
        if (deleted)
        {
            await host.Services.Store.RemoveSchedulesAsync(id, [], cancellationToken);
            hooks.Invalidate();
        }

        return deleted;
    }

    private static WorkflowDefinition Load(string content, string name)
    {
        var loaded = DefinitionLoader.Parse(content, name);
        if (loaded.Definition is null || loaded.Diagnostics.Count > 0)
        {
            throw new DefinitionInvalidException(name, loaded.Diagnostics);
        }

        return loaded.Definition;
    }

    private async Task<IReadOnlyList<Diagnostic>> ValidateDefinitionAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var repository = host.Services.Definitions;
        foreach (var call in DefinitionRepository.Calls(definition.Steps))
        {
            // Loads the callee (and its callees) into the repository, which then resolves them.
            await repository.GetAsync(call.Workflow, call.Version, cancellationToken);
        }

        return new WorkflowValidator(host.Services.Catalog).Validate(definition, repository);
    }

    /// <summary>The text with its top-level version set to <paramref name="version"/>.</summary>
    public static string WithVersion(string content, int version)
    {
        var trimmed = content.TrimStart();
        if (trimmed.StartsWith('{') && JsonNode.Parse(content, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = ClusterWorkflows.Definitions.Limits.InputLimits.MaxNestingDepth }) is JsonObject json)
        {
            json["version"] = version;
            return json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        }

        return VersionLine().IsMatch(content)
            ? VersionLine().Replace(content, $"version: {version}", 1)
            : content + (content.EndsWith('\n') ? "" : "\n") + $"version: {version}\n";
    }

    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>Where the text goes in the workflows folder: its own file, the file of its earlier versions, or &lt;id&gt;.yaml.</summary>
    private string? WriteBackTarget(string id, string? sourcePath, string? previousPath)
    {
        if (options.WorkflowsFolder is not { } folder)
        {
            return null;
        }

        if (sourcePath is not null && IsInside(sourcePath, folder))
        {
            return sourcePath;
        }

        if (!options.WriteBack)
        {
            return null;
        }

        return previousPath is not null && IsInside(previousPath, folder) ? previousPath : Path.Combine(folder, $"{id}.yaml");
    }

    private static bool IsInside(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The text in a temporary file next to <paramref name="path"/>, for a rename that the folder
    /// watcher never sees half done. Its name does not grow with the id (a long id once made it
    /// longer than the 255 characters a file name may have).
    /// </summary>
    private static async Task<string> WriteTemporaryAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".cw-{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, content, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw new Errors.ApiException(ex is PathTooLongException ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError, $"The runbook cannot be written to the workflows folder as {Path.GetFileName(path)}: {ex.Message}");
        }

        return temporary;
    }

    private static void DeleteQuietly(string? path)
    {
        try
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a stray temporary file is left; the folder watcher ignores dot files.
        }
    }
}
