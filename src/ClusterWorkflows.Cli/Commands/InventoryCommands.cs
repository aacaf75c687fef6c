using System.CommandLine;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Inventory;

namespace ClusterWorkflows.Cli.Commands;

public static class InventoryCommands
{
    public static Command Create()
    {
        var group = new Command("inventory", "Inventories: hosts, groups and variables.");
        var file = new Argument<string>("file") { Description = "An Ansible INI hosts file." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the YAML here instead of stdout." };
        var import = new Command("import", "Convert an Ansible INI hosts file to a ClusterWorkflows inventory (secrets become references).") { file, output };
        import.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var path = parse.GetValue(file)!;
            var result = AnsibleInventoryImporter.Import(await ReadAsync(path, ct), path);
            foreach (var warning in result.Warnings)
            {
                await Console.Error.WriteLineAsync($"warning: {warning}");
            }

            if (result.Inventory is null || result.Errors.Count > 0)
            {
                await ErrorLines.WriteAsync(result.Errors.Select(e => e.ToString()));
                return ExitCodes.Failed;
            }

            var yaml = AnsibleInventoryImporter.ToYaml(result.Inventory);
            if (parse.GetValue(output) is { } target)
            {
                await File.WriteAllTextAsync(target, yaml, ct);
                Terminal.Error.MarkupLine($"wrote {Terminal.Esc(target)} ({result.Inventory.Hosts.Count} hosts, {result.Inventory.Groups.Count} groups)");
            }
            else
            {
                Console.Write(yaml);
            }

            return ExitCodes.Ok;
        }));
        var validateFile = new Argument<string>("file") { Description = "An inventory YAML file." };
        var validate = new Command("validate", "Check an inventory file; print its hosts and groups.") { validateFile };
        validate.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var path = parse.GetValue(validateFile)!;
            var result = InventoryLoader.Parse(await ReadAsync(path, ct), path);
            await ErrorLines.WriteAsync(result.Errors.Select(e => e.ToString()));
            if (result.Inventory is null || result.Errors.Count > 0)
            {
                return ExitCodes.Failed;
            }

            foreach (var host in result.Inventory.Hosts.Values.OrderBy(h => h.Name, StringComparer.Ordinal))
            {
                Console.WriteLine($"{host.Name}\t{host.Address}:{host.Port}\t{string.Join(",", host.Groups)}");
            }

            return ExitCodes.Ok;
        }));
        group.Subcommands.Add(import);
        group.Subcommands.Add(validate);
        return group;
    }

    /// <summary>The file's text; one over <see cref="InventoryLimits.MaxFileBytes"/> is refused unread.</summary>
    private static Task<string> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"file not found: {path}", path);
        }

        var size = new FileInfo(path).Length;
        return size > InventoryLimits.MaxFileBytes
            ? throw new UsageException($"{path}: the file is {size} bytes; inventories are at most {InventoryLimits.MaxFileBytes} bytes ({InventoryLimits.MaxFileBytes / 1024 / 1024} MiB)")
            : File.ReadAllTextAsync(path, ct);
    }
}
