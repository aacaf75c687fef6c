using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Commands;

public sealed record RunLocalCommandInput
{
    [Description("The executable to run (looked up on PATH), or the command line when shell is true.")]
    [MinLength(1)]
    public required string Command { get; init; }

    [Description("Arguments passed one by one, no quoting needed. With shell=true they become $1, $2, ...")]
    public string[]? Args { get; init; }

    [Description("Run the command line through /bin/sh -c (pipes, redirections, variables).")]
    public bool Shell { get; init; }

    [Description("Working directory; relative creates/removes paths are resolved against it.")]
    public string? WorkingDirectory { get; init; }

    [Description("Environment variables added to (or replacing) the engine's environment.")]
    public Dictionary<string, string>? Environment { get; init; }

    [Description("Kill the command and its child processes when it runs longer than this.")]
    [PositiveDuration]
    public TimeSpan? Timeout { get; init; }

    [Description("Exit codes that count as success.")]
    [MinLength(1)]
    public int[] SuccessExitCodes { get; init; } = [0];

    [Description("A path: when it exists the command is not run and the step reports no change.")]
    public string? Creates { get; init; }

    [Description("A path: when it does not exist the command is not run and the step reports no change.")]
    public string? Removes { get; init; }
}

public sealed record RunLocalCommandOutput
{
    [Description("The command's exit code (0 when it was not run).")]
    public required int ExitCode { get; init; }

    [Description("Standard output, lines joined with \\n; only the last 64 KiB are kept.")]
    public required string Stdout { get; init; }

    [Description("Standard error, lines joined with \\n; only the last 64 KiB are kept.")]
    public required string Stderr { get; init; }

    internal static RunLocalCommandOutput NotRun { get; } = new() { ExitCode = 0, Stdout = "", Stderr = "" };
}
