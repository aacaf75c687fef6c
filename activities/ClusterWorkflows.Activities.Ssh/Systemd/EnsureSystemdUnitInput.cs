using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Ssh.Systemd;

public sealed record EnsureSystemdUnitInput
{
    [Description("The host to connect to and how.")]
    public SshConnection Connection { get; init; } = new();

    [Description("Unit name with its suffix, e.g. etcd.service.")]
    [RegularExpression(@"^[A-Za-z0-9@._:\-]+\.(service|socket|timer|mount|path|target)$")]
    public string Name { get; init; } = "";

    [Description("The unit file's content.")]
    public string Content { get; init; } = "";

    [Description("Enable the unit (start at boot).")]
    public bool Enabled { get; init; } = true;

    [Description("Make sure the unit runs: started when stopped, restarted when its file changed.")]
    public bool Started { get; init; } = true;

    [Description("Run the file and systemctl commands as root through sudo -n.")]
    public bool Sudo { get; init; }

    [Description("Directory of the unit file.")]
    public string UnitDirectory { get; init; } = "/etc/systemd/system";

    [Description("The systemctl command (e.g. 'systemctl --user').")]
    [MinLength(1)]
    public string Systemctl { get; init; } = "systemctl";
}

public sealed record EnsureSystemdUnitOutput
{
    [Description("True when the unit file was (or would be) written.")]
    public required bool FileChanged { get; init; }

    [Description("True when the unit was (or would be) enabled.")]
    public required bool EnabledNow { get; init; }

    [Description("started, restarted or unchanged.")]
    public required string Action { get; init; }
}
