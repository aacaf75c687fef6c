using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Ssh.Files;

public sealed record EnsureRemoteDirectoryInput
{
    [Description("The host to connect to and how.")]
    public SshConnection Connection { get; init; } = new();

    [Description("Absolute path of the remote directory; missing parents are created too.")]
    [MinLength(1)]
    public string Path { get; init; } = "";

    [Description("Owner user name (left as is when absent).")]
    public string? Owner { get; init; }

    [Description("Owner group name (left as is when absent).")]
    public string? Group { get; init; }

    [Description("Octal mode such as 0755 (left as is when absent).")]
    [RegularExpression("^0?[0-7]{3,4}$")]
    public string? Mode { get; init; }

    [Description("Do the checks and changes as root through sudo -n.")]
    public bool Sudo { get; init; }
}

public sealed record EnsureRemoteDirectoryOutput
{
    [Description("The remote path.")]
    public required string Path { get; init; }

    [Description("True when the directory was (or in check mode would be) created.")]
    public required bool Created { get; init; }
}
