using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Ssh.Files;

public sealed record EnsureRemoteLineInput
{
    [Description("The host to connect to and how.")]
    public SshConnection Connection { get; init; } = new();

    [Description("Absolute path of the remote file.")]
    [MinLength(1)]
    public string Path { get; init; } = "";

    [Description("The line (without newline). Required when state is present.")]
    public string? Line { get; init; }

    [Description("present or absent.")]
    [RegularExpression("^(present|absent)$")]
    public string State { get; init; } = "present";

    [Description(".NET regular expression: when present, the last matching line is replaced (else the line is appended); when absent, every matching line is removed.")]
    public string? Regexp { get; init; }

    [Description("Create the file when it is missing and the line must be present.")]
    public bool Create { get; init; } = true;

    [Description("Mode of a file created by this step (octal, default 0644).")]
    [RegularExpression("^0?[0-7]{3,4}$")]
    public string? Mode { get; init; }

    [Description("Do the reading and writing as root through sudo -n.")]
    public bool Sudo { get; init; }
}

public sealed record EnsureRemoteLineOutput
{
    [Description("The remote path.")]
    public required string Path { get; init; }

    [Description("How many lines were (or in check mode would be) added, replaced or removed.")]
    public required int LinesChanged { get; init; }
}
