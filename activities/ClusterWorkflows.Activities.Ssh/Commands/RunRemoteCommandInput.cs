using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Ssh.Commands;

public sealed record RunRemoteCommandInput
{
    [Description("The host to connect to and how.")]
    public SshConnection Connection { get; init; } = new();

    [Description("The command line, run by the remote user's shell.")]
    [MinLength(1)]
    public string Command { get; init; } = "";

    [Description("Run the command as root through sudo -n (no password prompt).")]
    public bool Sudo { get; init; }

    [Description("Environment variables exported before the command.")]
    public Dictionary<string, string>? Environment { get; init; }

    [Description("Close the channel (and signal the command) when it runs longer than this.")]
    [PositiveDuration]
    public TimeSpan? Timeout { get; init; }

    [Description("Exit codes that count as success.")]
    [MinLength(1)]
    public int[] SuccessExitCodes { get; init; } = [0];

    [Description("A remote path: when it exists the command is not run and the step reports no change.")]
    public string? Creates { get; init; }

    [Description("A remote path: when it does not exist the command is not run and the step reports no change.")]
    public string? Removes { get; init; }
}

public sealed record RunRemoteCommandOutput
{
    [Description("The command's exit code (0 when it was not run).")]
    public required int ExitCode { get; init; }

    [Description("Standard output, lines joined with \\n; only the last 64 KiB are kept.")]
    public required string Stdout { get; init; }

    [Description("Standard error, lines joined with \\n; only the last 64 KiB are kept.")]
    public required string Stderr { get; init; }

    internal static RunRemoteCommandOutput NotRun { get; } = new() { ExitCode = 0, Stdout = "", Stderr = "" };
}
