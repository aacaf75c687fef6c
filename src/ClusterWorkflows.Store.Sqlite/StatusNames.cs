namespace ClusterWorkflows.Store.Sqlite;

/// <summary>Enums are stored by name so the database reads well and survives reordering of enum members.</summary>
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

    public static object Db(RunStatus? status) => status is { } s ? Db(s) : DBNull.Value;

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
