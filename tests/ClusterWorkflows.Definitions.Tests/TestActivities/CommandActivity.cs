using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Definitions.Tests.TestActivities;

public sealed record CommandInput
{
    public required string Command { get; init; }
    public string[]? Args { get; init; }
    public bool Shell { get; init; }
    public string? WorkingDirectory { get; init; }
    public Dictionary<string, string>? Environment { get; init; }
    public TimeSpan? Timeout { get; init; }
    public int[] SuccessExitCodes { get; init; } = [0];
    public string? Creates { get; init; }
    public string? Removes { get; init; }
}

public sealed record CommandOutput(int ExitCode, string Stdout, string Stderr);

[Activity("core.command", 1, Category = "Core", Idempotent = false)]
public sealed class CommandActivity : IActivity<CommandInput, CommandOutput>
{
    public Task<ActivityResult<CommandOutput>> ExecuteAsync(CommandInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new CommandOutput(0, "", "")));
}

/// <summary>A second version, so tests can tell version lookups apart.</summary>
[Activity("core.command", 2, Category = "Core", Idempotent = false)]
public sealed class CommandActivityV2 : IActivity<CommandInput, CommandOutput>
{
    public Task<ActivityResult<CommandOutput>> ExecuteAsync(CommandInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new CommandOutput(0, "", "")));
}
