namespace ClusterWorkflows.Lab.Processes;

/// <summary>Finds the system tools the lab needs on PATH.</summary>
public static class Tools
{
    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string Require(string name, string package) =>
        Find(name) ?? throw new LabException($"'{name}' is not installed (Debian package {package}); run scripts/lab-setup.sh");

    /// <summary>The docker client shipped next to dockerd, so client and daemon versions match.</summary>
    public static string DockerClient(string dockerd)
    {
        var sibling = Path.Combine(Path.GetDirectoryName(dockerd)!, "docker");
        return File.Exists(sibling) ? sibling : Require("docker", "docker.io");
    }
}
