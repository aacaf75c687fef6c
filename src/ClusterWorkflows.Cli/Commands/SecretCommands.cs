using System.CommandLine;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;

namespace ClusterWorkflows.Cli.Commands;

/// <summary>The encrypted secret store (local, or the server's). Values are read from stdin or a prompt, never from the command line (shell history).</summary>
public static class SecretCommands
{
    public static Command Create()
    {
        var group = new Command("secret", "Manage secrets (encrypted at rest; referenced by name as secrets.NAME).");
        var name = new Argument<string>("name") { Description = "Secret name." };
        var fromEnv = new Option<string?>("--from-env") { Description = "Read the value from this environment variable instead of stdin." };
        var set = new Command("set", "Set a secret from stdin (or a hidden prompt on a terminal).") { name, fromEnv };
        set.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var value = parse.GetValue(fromEnv) is { } variable
                ? Environment.GetEnvironmentVariable(variable) ?? throw new UsageException($"environment variable {variable} is not set")
                : ReadValue();
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            await backend.Secrets.SetAsync(parse.GetValue(name)!, value, ct);
            Terminal.Out.MarkupLine($"secret [bold]{Terminal.Esc(parse.GetValue(name))}[/] saved");
            return ExitCodes.Ok;
        }));
        var list = new Command("list", "List secret names (values are never shown).");
        list.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            foreach (var n in await backend.Secrets.ListNamesAsync(ct))
            {
                Console.WriteLine(n);
            }

            return ExitCodes.Ok;
        }));
        var deleteName = new Argument<string>("name") { Description = "Secret name." };
        var delete = new Command("delete", "Delete a secret.") { deleteName };
        delete.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            var removed = await backend.Secrets.DeleteAsync(parse.GetValue(deleteName)!, ct);
            Terminal.Out.MarkupLine(removed ? "deleted" : "no such secret");
            return removed ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        group.Subcommands.Add(set);
        group.Subcommands.Add(list);
        group.Subcommands.Add(delete);
        return group;
    }

    private static string ReadValue()
    {
        if (!Console.IsInputRedirected)
        {
            return Terminal.Out.Prompt(new Spectre.Console.TextPrompt<string>("value:").Secret());
        }

        var value = Console.In.ReadToEnd().TrimEnd('\r', '\n');
        return value.Length == 0 ? throw new UsageException("no value on stdin") : value;
    }
}
