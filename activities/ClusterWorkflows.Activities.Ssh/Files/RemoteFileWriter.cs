using System.Text;
using ClusterWorkflows.Activities.Ssh.Commands;
using Renci.SshNet;

namespace ClusterWorkflows.Activities.Ssh.Files;

internal sealed record WantedAttributes(string? Owner, string? Group, string Mode);

/// <summary>Replaces a remote file atomically: temp file in the same directory, attributes, rename.</summary>
internal static class RemoteFileWriter
{
    public static async Task WriteAsync(SshClient client, string path, byte[] content, WantedAttributes attributes, RemoteFileState current, bool sudo, CancellationToken cancellationToken)
    {
        var p = ShellText.Quote(path);
        var directory = ShellText.Quote(Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".");
        var name = ShellText.Quote("." + Path.GetFileName(path) + ".cw-XXXXXX");

        // The temp file starts 0600 (mktemp), gets its final attributes, then is renamed over the
        // target: the content is never readable with looser permissions, even for a moment. The
        // content goes through stdin, never through the command line (visible in ps).
        var script = new StringBuilder()
            .Append($"tmp=$(mktemp {directory}/{name}) || exit 1; ")
            .Append("trap 'rm -f \"$tmp\"' EXIT; ")
            .Append("cat > \"$tmp\" || exit 1; ");
        var owner = attributes.Owner ?? (current.Exists ? current.Owner : null);
        var group = attributes.Group ?? (current.Exists ? current.Group : null);
        var fixes = new RemoteFileState(false, "missing", null, "", "", 0).AttributeFixes("TMP", owner, group, attributes.Mode, isNew: true);
        foreach (var fix in fixes)
        {
            script.Append(fix.Replace("'TMP'", "\"$tmp\"", StringComparison.Ordinal)).Append(" || exit 1; ");
        }

        script.Append($"mv -f \"$tmp\" {p} && trap - EXIT");
        await RemoteShell.QueryAsync(client, ShellText.Wrap(script.ToString(), sudo), $"writing '{path}'", cancellationToken, content);
    }

    /// <summary>The raw bytes of a remote file (null when it does not exist).</summary>
    public static async Task<byte[]?> ReadAsync(SshClient client, string path, bool sudo, CancellationToken cancellationToken)
    {
        var p = ShellText.Quote(path);
        var (exitCode, bytes) = await RemoteShell.CaptureAsync(client, ShellText.Wrap($"if [ -e {p} ]; then cat -- {p}; else exit 3; fi", sudo), cancellationToken);
        return exitCode switch
        {
            0 => bytes,
            3 => null,
            _ => throw new Sdk.ActivityException("ssh.remote-failed", $"reading '{path}' failed with exit code {exitCode}"),
        };
    }
}
