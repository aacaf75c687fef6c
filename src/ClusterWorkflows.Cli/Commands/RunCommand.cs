using System.CommandLine;
using System.Globalization;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Inventory;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Runtime.Hosting;

namespace ClusterWorkflows.Cli.Commands;

public static class RunCommand
{
    public static Command Create()
    {
        var workflow = new Argument<string>("workflow") { Description = "A runbook file (saved as a new version if needed) or a saved id, optionally id@version." };
        var inputs = new Option<string[]>("--input", "-i") { Description = "An input as name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var inputsFile = new Option<string?>("--inputs-file") { Description = "Inputs from a YAML or JSON file." };
        var inventory = new Option<string?>("--inventory") { Description = "Inventory YAML file (snapshotted into the run)." };
        var check = new Option<bool>("--check") { Description = "Check mode: change nothing, print what would change." };
        var detach = new Option<bool>("--detach") { Description = "Create the run and exit; a worker ('cw worker' / 'cw resume', or the server) executes it." };
        var logs = new Option<bool>("--logs") { Description = "Print step log lines as they stream." };
        var command = new Command("run", "Start a run of a runbook and follow it.") { workflow, inputs, inputsFile, inventory, check, detach, logs };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var observer = new ConsoleRunObserver(parse.GetValue(logs), Terminal.Interactive);
            await using var backend = await Backend.OpenAsync(parse, observer, ct);
            var (id, version) = await ResolveAsync(backend.Definitions, parse.GetValue(workflow)!, ct);
            var inventoryText = ReadInventory(parse.GetValue(inventory));
            var run = await backend.Runs.StartAsync(new StartRunRequest
            {
                DefinitionId = id,
                Version = version,
                Inputs = InputParsing.Parse(parse.GetValue(inputs) ?? [], parse.GetValue(inputsFile)),
                CheckMode = parse.GetValue(check),
                Inventory = inventoryText,
                Actor = GlobalOptions.Actor(null),
            }, ct);
            if (parse.GetValue(detach))
            {
                Console.WriteLine(run.Id);
                return ExitCodes.Ok;
            }

            Terminal.Out.MarkupLine($"run [bold]{run.Id}[/] of {Terminal.Esc(id)}@{run.DefinitionVersion}{(run.CheckMode ? " [blue](check mode)[/]" : "")}");
            return await RunFollower.FollowAsync(backend.Runs, observer, run.Id, ct);
        }));
        return command;
    }

    /// <summary>A file is saved first (remotely: sent to the server, which validates and saves it); otherwise an id, or id@version.</summary>
    private static async Task<(string Id, int? Version)> ResolveAsync(IDefinitionBackend definitions, string text, CancellationToken ct)
    {
        if (File.Exists(text) || DefinitionRepository.IsDefinitionFile(text))
        {
            var saved = await definitions.SaveFileAsync(text, ct);
            return (saved.Id, saved.Version);
        }

        var at = text.LastIndexOf('@');
        if (at > 0 && int.TryParse(text[(at + 1)..], CultureInfo.InvariantCulture, out var v))
        {
            return (text[..at], v);
        }

        return (text, null);
    }

    private static string? ReadInventory(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"inventory file not found: {path}", path);
        }

        var (text, errors) = InventoryLoader.ReadForRun(path);
        if (text is null)
        {
            throw new UsageException($"invalid inventory:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => "  " + e))}");
        }

        return text;
    }
}
