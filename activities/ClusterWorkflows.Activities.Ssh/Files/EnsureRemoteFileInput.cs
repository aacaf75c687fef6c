using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Ssh.Files;

[ExactlyOne("content", "contentSecret")]
public sealed record EnsureRemoteFileInput
{
    [Description("The host to connect to and how.")]
    public SshConnection Connection { get; init; } = new();

    [Description("Absolute path of the remote file.")]
    [MinLength(1)]
    public string Path { get; init; } = "";

    [Description("The wanted content (UTF-8). Exactly one of content and contentSecret.")]
    public string? Content { get; init; }

    [Description("NAME of a secret in the engine's secret store whose value is the wanted content; the value never enters inputs, outputs or logs.")]
    public string? ContentSecret { get; init; }

    [Description("Owner user name (left as is when absent).")]
    public string? Owner { get; init; }

    [Description("Owner group name (left as is when absent).")]
    public string? Group { get; init; }

    [Description("Octal mode such as 0644. A new file without mode gets 0644, or 0600 for contentSecret.")]
    [RegularExpression("^0?[0-7]{3,4}$")]
    public string? Mode { get; init; }

    [Description("Do the checks and the writing as root through sudo -n.")]
    public bool Sudo { get; init; }
}

public sealed record EnsureRemoteFileOutput
{
    [Description("The remote path.")]
    public required string Path { get; init; }

    [Description("True when the content was (or in check mode would be) written.")]
    public required bool ContentChanged { get; init; }

    [Description("True when owner, group or mode were (or would be) fixed.")]
    public required bool AttributesChanged { get; init; }
}
