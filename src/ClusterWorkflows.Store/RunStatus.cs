namespace ClusterWorkflows.Store;

public enum RunStatus
{
    /// <summary>Created or handed back; any worker may claim it.</summary>
    Pending,
    Running,

    /// <summary>Blocked on a bookmark (approval, timer) until <see cref="RunRecord.WakeAt"/> or an operator.</summary>
    Waiting,

    /// <summary>Stopped on an incident; only an operator alteration moves it on.</summary>
    Faulted,
    Completed,
    Cancelled,
}

public static class RunStatusExtensions
{
    public static bool IsTerminal(this RunStatus status) => status is RunStatus.Completed or RunStatus.Cancelled;
}

public enum StepStatus
{
    Running,
    Completed,
    Faulted,
    Skipped,
    Waiting,
    Cancelled,

    /// <summary>Its worker died while it ran; the outcome is unknown.</summary>
    Interrupted,
}
