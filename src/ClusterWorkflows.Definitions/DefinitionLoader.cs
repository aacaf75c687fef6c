using ClusterWorkflows.Definitions.Loading;
using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions;

/// <summary>
/// Reads runbook documents (YAML, or JSON, which YAML accepts) into the model, keeping source
/// positions. Never throws on bad input: every problem is a <see cref="Diagnostic"/>, and reading
/// goes on after a problem so one pass reports them all. Semantic checks are
/// <see cref="WorkflowValidator"/>'s; run both.
/// </summary>
public static class DefinitionLoader
{
    public static readonly IReadOnlyList<string> Extensions = [".yaml", ".yml", ".json"];

    public static LoadResult LoadFile(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            return Failed(path, DiagnosticCodes.FileUnsupported, $"unsupported file type '{extension}': runbooks are {string.Join(", ", Extensions)} files");
        }

        string text;
        try
        {
            var size = new FileInfo(path).Length;
            if (size > Limits.InputLimits.MaxFileBytes)
            {
                return Failed(path, DiagnosticCodes.FileTooLarge, $"the file is {size} bytes; runbooks are at most {Limits.InputLimits.MaxFileBytes} bytes ({Limits.InputLimits.MaxFileBytes / 1024 / 1024} MiB)");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Failed(path, DiagnosticCodes.FileUnreadable, $"cannot read the file: {ex.Message}");
        }

        return Parse(text, path);
    }

    public static LoadResult Parse(string text, string fileName)
    {
        var context = new LoadContext(fileName);
        if (YamlDocumentReader.ReadRoot(text, context) is not { } root)
        {
            return new LoadResult(null, context.Diagnostics);
        }

        var definition = new WorkflowReader(context).Read(root);
        return new LoadResult(definition, context.Diagnostics);
    }

    private static LoadResult Failed(string path, string code, string message) =>
        new(null, [new Diagnostic(code, message, new SourceLocation(path, 0, 0), null)]);
}
