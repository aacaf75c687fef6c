using System.Text.Json.Nodes;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Api;

/// <summary>
/// What the API shows of each record, field by field. Built explicitly (not by serializing the
/// records) so that nothing private leaves the server by accident: protected inputs, lease owners'
/// epochs, token hashes and the run's inventory text are never part of a response.
/// </summary>
public static class Views
{
    public static JsonObject Run(RunRecord run) => new()
    {
        ["id"] = run.Id.ToString(),
        ["workflow"] = run.DefinitionId,
        ["version"] = run.DefinitionVersion,
        ["status"] = Name(run.Status),
        ["inputs"] = run.Inputs.DeepClone(),
        ["variables"] = run.Variables.DeepClone(),
        ["outputs"] = run.Outputs?.DeepClone(),
        ["error"] = run.Error,
        ["checkMode"] = run.CheckMode,
        ["cancelRequested"] = run.CancelRequested,
        ["createdAt"] = run.CreatedAt,
        ["updatedAt"] = run.UpdatedAt,
        ["startedAt"] = run.StartedAt,
        ["endedAt"] = run.EndedAt,
        ["wakeAt"] = run.WakeAt,
        ["createdBy"] = run.CreatedBy,
        ["triggeredBy"] = run.TriggeredBy,
        ["worker"] = run.LeaseOwner,
    };

    public static JsonObject Step(JournalRecord record) => new()
    {
        ["path"] = record.StepPath,
        ["id"] = record.StepId,
        ["item"] = record.ItemKey,
        ["attempt"] = record.Attempt,
        ["status"] = Name(record.Status),
        ["changed"] = record.Changed,
        ["startedAt"] = record.StartedAt,
        ["endedAt"] = record.EndedAt,
        ["inputs"] = record.Inputs?.DeepClone(),
        ["outputs"] = record.Outputs?.DeepClone(),
        ["error"] = record.Error is { } e ? new JsonObject { ["code"] = e.Code, ["message"] = e.Message, ["retryable"] = e.Retryable } : null,
        ["handled"] = record.Handled,
        ["superseded"] = record.Superseded,
        ["dueAt"] = record.DueAt,
        ["bookmark"] = record.Bookmark?.DeepClone(),
        ["worker"] = record.WorkerId,
        ["sequence"] = record.Sequence,
        ["revision"] = record.Revision,
    };

    public static JsonObject Log(LogLine line) => new()
    {
        ["sequence"] = line.Sequence,
        ["step"] = line.StepPath,
        ["attempt"] = line.Attempt,
        ["at"] = line.Timestamp,
        ["level"] = line.Level,
        ["text"] = line.Text,
    };

    /// <summary>A running step's latest progress (the <c>progress</c> event); total, unit and message may be null.</summary>
    public static JsonObject Progress(Runtime.Progress.StepProgress progress) => new()
    {
        ["path"] = progress.StepPath,
        ["item"] = progress.ItemKey,
        ["attempt"] = progress.Attempt,
        ["done"] = progress.Done,
        ["total"] = progress.Total,
        ["unit"] = progress.Unit,
        ["message"] = progress.Message,
        ["at"] = progress.At,
    };

    public static JsonObject Definition(DefinitionRecord record, bool content) => new()
    {
        ["id"] = record.Id,
        ["version"] = record.Version,
        ["createdAt"] = record.CreatedAt,
        ["source"] = record.SourcePath is { } path ? Path.GetFileName(path) : null,
        ["hash"] = record.ContentHash,
        ["content"] = content ? record.Content : null,
    };

    public static JsonObject Audit(AuditRecord record) => new()
    {
        ["sequence"] = record.Sequence,
        ["at"] = record.Timestamp,
        ["actor"] = record.Actor,
        ["action"] = record.Action,
        ["run"] = record.RunId?.ToString(),
        ["step"] = record.StepPath,
        ["reason"] = record.Reason,
        ["details"] = record.Details?.DeepClone(),
        ["source"] = record.Source,
    };

    public static JsonObject Schedule(ScheduleRecord schedule, IReadOnlyList<DateTimeOffset> next) => new()
    {
        ["id"] = schedule.Id,
        ["workflow"] = schedule.DefinitionId,
        ["version"] = schedule.DefinitionVersion,
        ["cron"] = schedule.Cron,
        ["timeZone"] = schedule.TimeZone,
        ["inputs"] = schedule.Inputs.DeepClone(),
        ["overlap"] = schedule.Overlap.ToString().ToLowerInvariant(),
        ["catchUp"] = schedule.CatchUp.ToString().ToLowerInvariant(),
        ["paused"] = schedule.Paused,
        ["nextFires"] = new JsonArray([.. next.Select(n => JsonValue.Create(n))]),
        ["lastFireAt"] = schedule.LastFireAt,
    };

    public static JsonObject Token(ApiTokenRecord token) => new()
    {
        ["id"] = token.Id,
        ["name"] = token.Name,
        ["role"] = token.Role,
        ["createdAt"] = token.CreatedAt,
        ["createdBy"] = token.CreatedBy,
        ["lastUsedAt"] = token.LastUsedAt,
        ["revokedAt"] = token.RevokedAt,
    };

    public static string Name(RunStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(StepStatus status) => status.ToString().ToLowerInvariant();
}
