using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>Parses the text into one YAML document's root node, turning every parser failure into a diagnostic.</summary>
internal static class YamlDocumentReader
{
    public static YamlMappingNode? ReadRoot(string text, LoadContext context)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var stream = new YamlStream();
        try
        {
            stream.Load(new Yaml.NestingGuardParser(new Parser(scanner), Limits.InputLimits.MaxNestingDepth, Limits.InputLimits.MaxAliases));
        }
        catch (Yaml.YamlLimitException ex)
        {
            context.Report(DiagnosticCodes.YamlLimit, ex.Reason, context.At(ex.Start), null);
            return null;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            var duplicate = message.StartsWith("Duplicate key", StringComparison.Ordinal);
            context.Report(
                duplicate ? DiagnosticCodes.YamlDuplicateKey : DiagnosticCodes.YamlSyntax,
                duplicate ? $"duplicate key '{message["Duplicate key".Length..].Trim()}' (a key may appear once in a mapping)" : $"YAML syntax error: {Lower(message)}",
                context.At(ex.Start),
                null);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these on some malformed input instead of a YamlException.
            context.Report(DiagnosticCodes.YamlSyntax, $"YAML syntax error near here ({Lower(ex.Message)})", context.At(scanner.CurrentPosition), null);
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            context.Report(DiagnosticCodes.YamlEmpty, "the document is empty: a runbook needs id, version and steps", new Model.SourceLocation(context.File, 1, 1), null);
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Report(
                DiagnosticCodes.YamlMultipleDocuments,
                $"a runbook file holds one YAML document, found {stream.Documents.Count} (remove the '---' separators or split the file)",
                stream.Documents[1].RootNode,
                null);
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode map)
        {
            context.Report(DiagnosticCodes.WrongType, $"a runbook must be a mapping with id, version and steps; got {YamlValues.Describe(root)}", root, null);
            return null;
        }

        return map;
    }

    private static string Lower(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;
}
