using System.Security.Cryptography;
using System.Text;

namespace ClusterWorkflows.Activities.Ssh.Connection;

internal sealed record KnownHostKey(string KeyType, byte[] Blob)
{
    public string Fingerprint => Fingerprints.Sha256(Blob);
}

internal static class Fingerprints
{
    public static string Sha256(byte[] blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
}

/// <summary>Reads and appends OpenSSH known_hosts files (plain and hashed host names).</summary>
internal static class KnownHosts
{
    private static readonly Lock AppendGate = new();

    /// <summary>The name OpenSSH writes for a host: <c>host</c> on port 22, <c>[host]:port</c> otherwise.</summary>
    public static string HostPattern(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    public static IReadOnlyList<KnownHostKey> Find(string file, string host, int port)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        var name = HostPattern(host, port);
        var keys = new List<KnownHostKey>();
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('@'))
            {
                // @cert-authority / @revoked markers are not supported: such lines never pin a key here.
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || !fields[0].Split(',').Any(p => Matches(p, name)))
            {
                continue;
            }

            try
            {
                keys.Add(new KnownHostKey(fields[1], Convert.FromBase64String(fields[2])));
            }
            catch (FormatException)
            {
                // A corrupt line cannot pin anything; OpenSSH ignores it too.
            }
        }

        return keys;
    }

    public static void Append(string file, string host, int port, string keyType, byte[] blob)
    {
        lock (AppendGate)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            var prefix = File.Exists(file) && new FileInfo(file).Length > 0 && !File.ReadAllText(file).EndsWith('\n') ? "\n" : "";
            File.AppendAllText(file, $"{prefix}{HostPattern(host, port)} {keyType} {Convert.ToBase64String(blob)}\n");
        }
    }

    private static bool Matches(string pattern, string name)
    {
        if (!pattern.StartsWith("|1|", StringComparison.Ordinal))
        {
            return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        }

        // Hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
        var parts = pattern.Split('|');
        if (parts.Length != 4)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var hash = Convert.FromBase64String(parts[3]);
#pragma warning disable CA5350 // OpenSSH's hashed known_hosts format is HMAC-SHA1 by definition; this only reads it
            return CryptographicOperations.FixedTimeEquals(HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name)), hash);
#pragma warning restore CA5350
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
