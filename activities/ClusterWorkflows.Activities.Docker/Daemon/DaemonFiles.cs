using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Docker.Daemon;

/// <summary>One file the daemon's configuration consists of: path, wanted content and mode (<paramref name="Unknown"/>: content not known in check mode).</summary>
internal sealed record DaemonFile(string Path, byte[] Content, string Mode, bool Unknown = false);

/// <summary>Renders the daemon's files from the inputs.</summary>
internal static class DaemonFiles
{
    public const string DaemonJson = "/etc/docker/daemon.json";
    public const string Defaults = "/etc/default/docker";
    public const string TlsDirectory = "/etc/docker/tls";
    public const string CaFile = TlsDirectory + "/ca.pem";
    public const string CertFile = TlsDirectory + "/cert.pem";
    public const string KeyFile = TlsDirectory + "/key.pem";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Validate(ConfigureDaemonInput input)
    {
        if (input.Settings.ContainsKey("hosts"))
        {
            // Debian's docker.service starts dockerd with -H fd://; dockerd refuses to start when daemon.json also sets hosts.
            throw new NonRetryableActivityException("docker.bad-input",
                "settings.hosts: must not be set: Debian's docker.service already passes -H fd:// and dockerd refuses to start when daemon.json has hosts too (use tls.listen, which goes into DOCKER_OPTS in /etc/default/docker)");
        }

        if (input.Tls is { } tls)
        {
            Swarm.SwarmMembership.RequireHostPort(tls.Listen, "tls.listen");
            if (tls.Listen.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$' or '`'))
            {
                throw new NonRetryableActivityException("docker.bad-input", $"tls.listen: '{tls.Listen}' is not host:port");
            }
        }
    }

    public static byte[] DaemonJsonContent(ConfigureDaemonInput input)
    {
        var settings = (JsonObject)input.Settings.DeepClone();
        if (input.Tls is not null)
        {
            settings["tlsverify"] = true;
            settings["tlscacert"] = CaFile;
            settings["tlscert"] = CertFile;
            settings["tlskey"] = KeyFile;
        }

        return Encoding.UTF8.GetBytes(settings.ToJsonString(Indented) + "\n");
    }

    /// <summary>/etc/default/docker with exactly one DOCKER_OPTS line adding the TLS listener; other lines stay.</summary>
    public static byte[] DefaultsContent(byte[]? current, string listen)
    {
        var wanted = $"DOCKER_OPTS=\"-H tcp://{listen}\"";
        var lines = current is null ? [] : Encoding.UTF8.GetString(current).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var index = lines.FindIndex(l => l.TrimStart().StartsWith("DOCKER_OPTS=", StringComparison.Ordinal));
        if (index >= 0)
        {
            lines[index] = wanted;
            lines.RemoveAll(l => l != wanted && l.TrimStart().StartsWith("DOCKER_OPTS=", StringComparison.Ordinal));
        }
        else
        {
            lines.Add(wanted);
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
    }
}
