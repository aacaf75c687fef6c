using System.CommandLine;
using ClusterWorkflows.Cli.Backends;

namespace ClusterWorkflows.Cli.Commands;

public static class AuditCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Only entries about this run." };
        var limit = new Option<int>("--limit") { Description = "How many (newest first).", DefaultValueFactory = _ => 100 };
        var command = new Command("audit", "Show the audit log: who did what, when, why.") { run, limit };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            Guid? id = parse.GetValue(run) is { } text ? await RunIds.ResolveAsync(backend.Runs, text, ct) : null;
            foreach (var a in await backend.Audit.ListAsync(id, parse.GetValue(limit), ct))
            {
                Console.WriteLine($"{a.Timestamp:u}\t{a.Actor}\t{a.Action}\t{a.RunId}\t{a.StepPath}\t{a.Reason}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
