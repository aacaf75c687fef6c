using ClusterWorkflows.Definitions.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>The file being read and the diagnostics collected so far (all of them: reading never stops at the first).</summary>
internal sealed class LoadContext(string file)
{
    /// <summary>Deeper nesting is refused: aliases can make YAML graphs cyclic and recursion must end.</summary>
    public const int MaxDepth = Limits.InputLimits.MaxStepDepth;

    /// <summary>
    /// Values and steps one document may expand to. Aliases share nodes, so a few lines of YAML can
    /// stand for billions of values ("billion laughs"); reading stops long before that.
    /// </summary>
    public const int MaxValues = 200_000;

    private int spent;

    public string File { get; } = file;

    public List<Diagnostic> Diagnostics { get; } = [];

    public SourceLocation At(YamlNode node) => At(node.Start);

    public SourceLocation At(Mark mark) =>
        new(File, (int)Math.Clamp(mark.Line, 0, int.MaxValue), (int)Math.Clamp(mark.Column, 0, int.MaxValue));

    /// <summary>Counts one value or step; false (reported once) when the document is too large.</summary>
    public bool Spend(YamlNode node, string? stepPath)
    {
        spent++;
        if (spent <= MaxValues)
        {
            return true;
        }

        if (spent == MaxValues + 1)
        {
            Report(DiagnosticCodes.InvalidValue, $"the document expands to more than {MaxValues} values or steps (through YAML aliases?); it is refused", node, stepPath);
        }

        return false;
    }

    public void Report(string code, string message, YamlNode node, string? stepPath) =>
        Diagnostics.Add(new Diagnostic(code, message, At(node), stepPath));

    public void Report(string code, string message, SourceLocation location, string? stepPath) =>
        Diagnostics.Add(new Diagnostic(code, message, location, stepPath));
}
