using System.CommandLine;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;

namespace ClusterWorkflows.Cli.Commands;

public static class DefinitionCommands
{
    public static Command Create()
    {
        var group = new Command("definitions", "Saved runbook versions (immutable).");
        var list = new Command("list", "List saved runbooks (newest version of each).");
        list.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            foreach (var d in await backend.Definitions.ListAsync(ct))
            {
                Console.WriteLine($"{d.Id}@{d.Version}\t{d.CreatedAt:u}\t{d.SourcePath}");
            }

            return ExitCodes.Ok;
        }));
        var files = new Argument<string[]>("files") { Description = "Runbook files or folders.", Arity = ArgumentArity.OneOrMore };
        var save = new Command("save", "Validate and save runbook files as versions (an existing version with other content is refused).") { files };
        save.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            foreach (var path in ValidateCommand.Expand(parse.GetValue(files)!))
            {
                var saved = await backend.Definitions.SaveFileAsync(path, ct);
                Terminal.Out.MarkupLine($"saved {Terminal.Esc(saved.Reference)} from {Terminal.Esc(path)}{(saved.Note is null ? "" : $" ({Terminal.Esc(saved.Note)})")}");
            }

            return ExitCodes.Ok;
        }));
        group.Subcommands.Add(list);
        group.Subcommands.Add(save);
        return group;
    }
}
