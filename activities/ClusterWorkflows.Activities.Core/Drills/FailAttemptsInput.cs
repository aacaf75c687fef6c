using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ClusterWorkflows.Activities.Core.Drills;

public sealed record FailAttemptsInput
{
    [Description("Error message of the drill failure.")]
    [MinLength(1)]
    public string Message { get; init; } = "drill failure";

    [Description("Error code of the drill failure (what a runbook's retry.on matches).")]
    [MinLength(1)]
    public string Code { get; init; } = "drill";

    [Description("How many attempts fail before one succeeds; -1 fails every attempt.")]
    [Range(-1, int.MaxValue)]
    public int Times { get; init; } = 1;

    [Description("Whether the drill failure may be retried.")]
    public bool Retryable { get; init; } = true;
}

public sealed record FailAttemptsOutput
{
    [Description("The attempt number that succeeded.")]
    public required int Attempt { get; init; }
}
