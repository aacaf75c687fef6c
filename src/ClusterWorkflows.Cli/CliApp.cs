using System.CommandLine;
using ClusterWorkflows.Cli.Commands;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Runtime.Hosting;

namespace ClusterWorkflows.Cli;

/// <summary>The <c>cw</c> command tree and the mapping of failures to messages and exit codes.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"cw: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Try 'cw --help'.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("cw — ClusterWorkflows: durable, resumable runbooks for Docker Swarm clusters.");
        root.Options.Add(GlobalOptions.Database);
        root.Options.Add(GlobalOptions.Home);
        root.Options.Add(GlobalOptions.Server);
        root.Options.Add(GlobalOptions.Token);
        foreach (var command in new Command[]
        {
            ValidateCommand.Create(),
            SchemaCommand.Create(),
            RunCommand.Create(),
            RunsCommand.Create(),
            ShowCommand.Create(),
            LogsCommand.Create(),
            AlterCommands.Retry(),
            AlterCommands.Skip(),
            AlterCommands.ResumeFrom(),
            AlterCommands.Cancel(),
            AlterCommands.Approve(approve: true),
            AlterCommands.Approve(approve: false),
            ResumeCommand.Create(),
            WorkerCommand.Create(),
            ScheduleCommands.Create(),
            PruneCommand.Create(),
            LabCommands.Create(),
            SecretCommands.Create(),
            InventoryCommands.Create(),
            DefinitionCommands.Create(),
            AuditCommand.Create(),
            ActivitiesCommand.Create(),
            TokenCommands.Create(),
        })
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>A runbook's or a run's problems: the first line of the message, then the problems capped (100 and a count).</summary>
    private static async Task WriteUsageErrorAsync(Exception ex)
    {
        IEnumerable<string>? problems = ex switch
        {
            DefinitionInvalidException invalid => invalid.Diagnostics.Select(d => $"  {d}"),
            RunInputsInvalidException inputs => inputs.Errors.Select(e => $"  {e}"),
            _ => null,
        };
        if (problems is null)
        {
            await Console.Error.WriteLineAsync($"cw: {ex.Message}");
            return;
        }

        await Console.Error.WriteLineAsync($"cw: {ex.Message.Split('\n')[0].TrimEnd('\r')}");
        await Output.ErrorLines.WriteAsync(problems);
    }

    /// <summary>Wraps a command body: known failures become one clear message and an exit code, never a stack trace.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Remote.RemoteException ex)
        {
            await Console.Error.WriteLineAsync($"cw: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cw: interrupted; the run was handed back (continue it with 'cw resume').");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is DefinitionInvalidException or RunInputsInvalidException or KeyNotFoundException
            or FileNotFoundException or ArgumentException or FormatException or UsageException or DirectoryNotFoundException)
        {
            await WriteUsageErrorAsync(ex);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is AlterationException or AlterationInputException or InvalidOperationException or Store.DefinitionConflictException or Secrets.SecretException)
        {
            await Console.Error.WriteLineAsync($"cw: {ex.Message}");
            return ExitCodes.Failed;
        }
    }
}

/// <summary>A command line that parses but does not make sense.</summary>
public sealed class UsageException(string message) : Exception(message);
