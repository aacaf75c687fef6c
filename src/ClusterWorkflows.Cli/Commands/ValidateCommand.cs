using System.CommandLine;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Definitions;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Hosting;
using ClusterWorkflows.Runtime.Definitions;

namespace ClusterWorkflows.Cli.Commands;

public static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Runbook files or folders.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate runbooks: every error with file:line:column and step path (locally, even with --server).") { files };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var paths = Expand(parse.GetValue(files)!);
            var diagnostics = new List<Diagnostic>();
            var definitions = new List<WorkflowDefinition>();
            foreach (var path in paths)
            {
                var result = DefinitionLoader.LoadFile(path);
                diagnostics.AddRange(result.Diagnostics);
                if (result.Definition is not null)
                {
                    definitions.Add(result.Definition);
                }
            }

            diagnostics.AddRange(new WorkflowValidator(EngineFactory.CreateCatalog()).ValidateAll(definitions));
            var count = await ErrorLines.WriteAsync(diagnostics.Distinct().Select(d => d.ToString()));
            Terminal.Out.MarkupLine(diagnostics.Count == 0
                ? $"[green]{paths.Count} file(s) valid[/]"
                : $"[red]{count} error(s)[/] in {paths.Count} file(s)");
            return diagnostics.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    public static List<string> Expand(IEnumerable<string> inputs)
    {
        var paths = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                paths.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Where(DefinitionRepository.IsDefinitionFile).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                paths.Add(input);
            }
            else
            {
                throw new FileNotFoundException($"no such file or folder: {input}", input);
            }
        }

        return paths;
    }
}
