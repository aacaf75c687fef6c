using System.Text.Json.Nodes;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>
/// The API's views (see the server's <c>Api/Views.cs</c>) read back into the store's records, so
/// that every command prints a remote run exactly as it prints one from the database. A field
/// missing or of another type is the server's fault, reported as such (never a stack trace).
/// </summary>
public static class ViewReader
{
    public static RunRecord Run(JsonNode view) => new()
    {
        Id = Value<Guid>(view, "id"),
        DefinitionId = Value<string>(view, "workflow"),
        DefinitionVersion = Value<int>(view, "version"),
        Status = Named<RunStatus>(view, "status"),
        Inputs = Object(view, "inputs") ?? [],
        Variables = Object(view, "variables") ?? [],
        Outputs = Object(view, "outputs"),
        Error = Text(view, "error"),
        CheckMode = Optional<bool>(view, "checkMode") ?? false,
        CancelRequested = Optional<bool>(view, "cancelRequested") ?? false,
        CreatedAt = Value<DateTimeOffset>(view, "createdAt"),
        UpdatedAt = Value<DateTimeOffset>(view, "updatedAt"),
        StartedAt = Optional<DateTimeOffset>(view, "startedAt"),
        EndedAt = Optional<DateTimeOffset>(view, "endedAt"),
        WakeAt = Optional<DateTimeOffset>(view, "wakeAt"),
        CreatedBy = Text(view, "createdBy"),
        TriggeredBy = Text(view, "triggeredBy"),
        LeaseOwner = Text(view, "worker"),
    };

    public static JournalRecord Step(Guid runId, JsonNode view) => new()
    {
        RunId = runId,
        StepPath = Value<string>(view, "path"),
        StepId = Value<string>(view, "id"),
        ItemKey = Text(view, "item"),
        Attempt = Value<int>(view, "attempt"),
        Status = Named<StepStatus>(view, "status"),
        Changed = Optional<bool>(view, "changed") ?? false,
        StartedAt = Value<DateTimeOffset>(view, "startedAt"),
        EndedAt = Optional<DateTimeOffset>(view, "endedAt"),
        Inputs = Object(view, "inputs"),
        Outputs = Object(view, "outputs"),
        Error = view["error"] is JsonObject e
            ? new StepError(Value<string>(e, "code"), Value<string>(e, "message"), Optional<bool>(e, "retryable") ?? false)
            : null,
        Handled = Optional<bool>(view, "handled") ?? false,
        Superseded = Optional<bool>(view, "superseded") ?? false,
        DueAt = Optional<DateTimeOffset>(view, "dueAt"),
        Bookmark = Object(view, "bookmark"),
        WorkerId = Text(view, "worker"),
        Sequence = Optional<long>(view, "sequence") ?? 0,
        Revision = Optional<long>(view, "revision") ?? 0,
    };

    public static LogLine Log(Guid runId, JsonNode view) => new(
        Value<long>(view, "sequence"),
        runId,
        Value<string>(view, "step"),
        Value<int>(view, "attempt"),
        Value<DateTimeOffset>(view, "at"),
        Text(view, "level") ?? "info",
        Value<string>(view, "text"));

    /// <summary>A <c>progress</c> event: a running step's latest done/total (total, unit and message may be null).</summary>
    public static Runtime.Progress.StepProgress Progress(JsonNode view) => new(
        Value<string>(view, "path"),
        Value<int>(view, "attempt"),
        Value<long>(view, "done"),
        Optional<long>(view, "total"),
        Text(view, "unit"),
        Text(view, "message"),
        Value<DateTimeOffset>(view, "at"),
        Text(view, "item"));

    /// <summary>A definition as listed: the server shows the file name of its source (not the path) and no text.</summary>
    public static DefinitionRecord Definition(JsonNode view) => new(
        Value<string>(view, "id"),
        Value<int>(view, "version"),
        Text(view, "content") ?? "",
        Text(view, "hash") ?? "",
        Text(view, "source"),
        Value<DateTimeOffset>(view, "createdAt"));

    public static AuditRecord Audit(JsonNode view) => new(
        Value<long>(view, "sequence"),
        Value<DateTimeOffset>(view, "at"),
        Value<string>(view, "actor"),
        Value<string>(view, "action"),
        Optional<Guid>(view, "run"),
        Text(view, "step"),
        Text(view, "reason"),
        Object(view, "details"),
        Text(view, "source"));

    public static (ScheduleRecord Schedule, IReadOnlyList<DateTimeOffset> Next) Schedule(JsonNode view) => (
        new ScheduleRecord
        {
            Id = Value<string>(view, "id"),
            DefinitionId = Value<string>(view, "workflow"),
            DefinitionVersion = Value<int>(view, "version"),
            Cron = Value<string>(view, "cron"),
            TimeZone = Text(view, "timeZone") ?? "UTC",
            Inputs = Object(view, "inputs") ?? [],
            Overlap = Named<OverlapPolicy>(view, "overlap"),
            CatchUp = Named<CatchUpPolicy>(view, "catchUp"),
            Paused = Optional<bool>(view, "paused") ?? false,
            LastFireAt = Optional<DateTimeOffset>(view, "lastFireAt"),
        },
        [.. Items(view["nextFires"]).Select(n => n is JsonValue v && v.TryGetValue<DateTimeOffset>(out var at) ? at : throw Malformed("nextFires"))]);

    /// <summary>The elements of a JSON array in an answer.</summary>
    public static IReadOnlyList<JsonNode> Items(JsonNode? array) =>
        array is JsonArray items ? [.. items.Select(i => i ?? throw Malformed("items"))] : throw Malformed("items");

    public static RemoteException Malformed(string field) =>
        new($"the server's answer lacks a valid '{field}'; is it a cw-server of this version?", ExitCodes.Failed);

    private static T Value<T>(JsonNode view, string field) =>
        view[field] is JsonValue value && value.TryGetValue<T>(out var result) ? result : throw Malformed(field);

    private static T? Optional<T>(JsonNode view, string field)
        where T : struct =>
        view[field] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<T>(out var result) => result,
            _ => throw Malformed(field),
        };

    private static string? Text(JsonNode view, string field) => view[field] is null ? null : Value<string>(view, field);

    private static T Named<T>(JsonNode view, string field)
        where T : struct, Enum =>
        Enum.TryParse<T>(Value<string>(view, field), ignoreCase: true, out var result) ? result : throw Malformed(field);

    /// <summary>A copy: a node belongs to one parent, and the answer's tree is discarded.</summary>
    private static JsonObject? Object(JsonNode view, string field) => view[field] is JsonObject o ? o.DeepClone().AsObject() : null;
}
