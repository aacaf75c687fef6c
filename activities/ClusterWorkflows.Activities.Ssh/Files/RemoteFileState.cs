using System.Globalization;
using ClusterWorkflows.Activities.Ssh.Commands;
using Renci.SshNet;

namespace ClusterWorkflows.Activities.Ssh.Files;

/// <summary>What a remote path currently is: read with one command (test, sha256sum, stat).</summary>
internal sealed record RemoteFileState(bool Exists, string Kind, string? Sha256, string Owner, string Group, int Mode)
{
    public static async Task<RemoteFileState> ReadAsync(SshClient client, string path, bool sudo, CancellationToken cancellationToken)
    {
        var p = ShellText.Quote(path);
        var script =
            $"if [ -d {p} ]; then echo dir; stat -c '%U %G %a' -- {p}; " +
            $"elif [ -e {p} ]; then echo file; stat -c '%U %G %a' -- {p}; sha256sum -- {p} | cut -d' ' -f1; " +
            "else echo missing; fi";
        var text = await RemoteShell.QueryAsync(client, ShellText.Wrap(script, sudo), $"reading the state of '{path}'", cancellationToken);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || lines[0] == "missing")
        {
            return new RemoteFileState(false, "missing", null, "", "", 0);
        }

        var attributes = lines.Length > 1 ? lines[1].Split(' ') : ["", "", "0"];
        return new RemoteFileState(true, lines[0], lines.Length > 2 ? lines[2] : null, attributes[0], attributes[1], ParseMode(attributes[2]));
    }

    public static int ParseMode(string octal) => Convert.ToInt32(octal, 8);

    public static string FormatMode(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0');

    /// <summary>The owner/group/mode fixes needed, as shell commands (empty when none).</summary>
    public List<string> AttributeFixes(string path, string? owner, string? group, string? mode, bool isNew)
    {
        var p = ShellText.Quote(path);
        var fixes = new List<string>();
        if ((owner is not null && (isNew || owner != Owner)) || (group is not null && (isNew || group != Group)))
        {
            var spec = owner is null ? ":" + group : group is null ? owner : owner + ":" + group;
            fixes.Add($"chown {ShellText.Quote(spec)} -- {p}");
        }

        if (mode is not null && (isNew || ParseMode(mode) != Mode))
        {
            fixes.Add($"chmod {FormatMode(ParseMode(mode)).ToString(CultureInfo.InvariantCulture)} -- {p}");
        }

        return fixes;
    }
}
