namespace ClusterWorkflows.Store.Postgres;

/// <summary>Enums are stored by name, like the SQLite store, so the database reads well and survives reordering.</summary>
internal static class StatusNames
{
    public static string Db(RunStatus status) => status switch
    {
        RunStatus.Pending => "Pending",
        RunStatus.Running => "Running",
        RunStatus.Waiting => "Waiting",
        RunStatus.Faulted => "Faulted",
        RunStatus.Completed => "Completed",
        RunStatus.Cancelled => "Cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    public static string? Db(RunStatus? status) => status is { } s ? Db(s) : null;

    public static string Db(StepStatus status) => status switch
    {
        StepStatus.Running => "Running",
        StepStatus.Completed => "Completed",
        StepStatus.Faulted => "Faulted",
        StepStatus.Skipped => "Skipped",
        StepStatus.Waiting => "Waiting",
        StepStatus.Cancelled => "Cancelled",
        StepStatus.Interrupted => "Interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown step status."),
    };

    public static RunStatus ParseRun(string text) => Enum.Parse<RunStatus>(text);

    public static StepStatus ParseStep(string text) => Enum.Parse<StepStatus>(text);
}
