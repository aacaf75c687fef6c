using ClusterWorkflows.Inventory.Model;
using ClusterWorkflows.Inventory.Resolution;
using ClusterWorkflows.Inventory.Yaml;

namespace ClusterWorkflows.Inventory;

/// <summary>Loads the inventory YAML format. Never throws on bad content: every problem is returned as an error.</summary>
public static class InventoryLoader
{
    /// <summary>Reads and parses <paramref name="path"/>; a relative knownHosts path is resolved against the file's directory.</summary>
    public static InventoryLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string yaml;
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
            var size = new FileInfo(fullPath).Length;
            if (size > InventoryLimits.MaxFileBytes)
            {
                return new InventoryLoadResult(null, [new InventoryError(path, 0, 0, $"the inventory is {size} bytes; at most {InventoryLimits.MaxFileBytes} are read")]);
            }

            yaml = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new InventoryLoadResult(null, [new InventoryError(path, 0, 0, $"cannot read the inventory: {ex.Message}")]);
        }

        return Parse(yaml, path, new InventorySource(fullPath, Path.GetDirectoryName(fullPath)));
    }

    /// <summary>
    /// Parses inventory YAML; <paramref name="fileName"/> names the source in errors. A relative
    /// knownHosts path is resolved only when <paramref name="fileName"/> is an absolute path.
    /// </summary>
    public static InventoryLoadResult Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        var baseDirectory = Path.IsPathRooted(fileName) ? Path.GetDirectoryName(fileName) : null;
        return Parse(yaml, fileName, new InventorySource(fileName, baseDirectory));
    }

    /// <summary>
    /// The text of <paramref name="path"/> to keep with a run: the same YAML, except that a relative
    /// knownHosts path is made absolute (the run is executed later, maybe by another process with
    /// another working directory, where the relative path would point elsewhere). The rewritten
    /// text is produced by the writer, so comments are not kept in that case.
    /// </summary>
    public static (string? Yaml, IReadOnlyList<InventoryError> Errors) ReadForRun(string path)
    {
        var loaded = LoadFile(path);
        if (loaded.Inventory is null)
        {
            return (null, loaded.Errors);
        }

        var yaml = File.ReadAllText(path);
        var errors = new ErrorList(path);
        var document = InventoryYamlReader.Read(yaml, errors);
        if (document?.KnownHosts is not { } knownHosts || Path.IsPathRooted(knownHosts))
        {
            return (yaml, []);
        }

        document.KnownHosts = loaded.Inventory.KnownHostsPath;
        return (InventoryYamlWriter.Write(document), []);
    }

    private static InventoryLoadResult Parse(string yaml, string fileName, InventorySource source)
    {
        var errors = new ErrorList(fileName);
        var document = InventoryYamlReader.Read(yaml, errors);
        var inventory = document is null ? null : InventoryResolver.Resolve(document, source, errors);
        return errors.Count == 0 ? new InventoryLoadResult(inventory, []) : new InventoryLoadResult(null, errors.Sorted());
    }
}
