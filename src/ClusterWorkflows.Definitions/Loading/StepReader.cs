using System.Text.RegularExpressions;
using ClusterWorkflows.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>
/// Reads step lists. A step that cannot be built (no kind, not a mapping) is reported and left out;
/// its siblings are still read so every problem in the document is reported in one pass.
/// </summary>
internal sealed partial class StepReader(LoadContext context)
{
    private int depth;

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9_.-]*)(?:@([0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex UsesPattern();

    [GeneratedRegex(@"^([0-9]+)\s*%$", RegexOptions.CultureInvariant)]
    private static partial Regex PercentPattern();

    /// <summary>Joins step ids into a path; a step without an id is named by its position.</summary>
    public static string Join(string? parent, string? id, int index)
    {
        var name = string.IsNullOrEmpty(id) ? $"[{index}]" : id;
        return string.IsNullOrEmpty(parent) ? name : $"{parent}/{name}";
    }

    public List<Step> ReadRequiredList(MapReader owner, string key, string? parentPath)
    {
        if (!owner.Has(key))
        {
            owner.Missing(key, " (a list of steps)");
            return [];
        }

        return ReadList(owner, key, parentPath);
    }

    /// <summary>An optional list: absent is fine, written but empty is a mistake worth saying.</summary>
    public List<Step> ReadOptionalList(MapReader owner, string key, string? parentPath)
    {
        var list = ReadList(owner, key, parentPath);
        if (owner.Has(key) && list.Count == 0 && !owner.IsReported(key))
        {
            owner.Fail(key, DiagnosticCodes.EmptyStepList, $"'{key}' is empty: add steps or remove the key");
        }

        return list;
    }

    public List<Step> ReadList(MapReader owner, string key, string? parentPath)
    {
        if (owner.List(key, "a list of steps") is not { } seq)
        {
            return [];
        }

        var steps = ReadSequence(seq, parentPath);
        if (steps.Count == 0 && seq.Children.Count > 0)
        {
            // Its items were reported; saying the list is empty as well would only confuse.
            owner.MarkReported(key);
        }

        return steps;
    }

    private List<Step> ReadSequence(YamlSequenceNode seq, string? parentPath)
    {
        var steps = new List<Step>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (ReadStep(seq.Children[i], parentPath, i) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private Step? ReadStep(YamlNode node, string? parentPath, int index)
    {
        if (node is not YamlMappingNode map)
        {
            context.Report(
                DiagnosticCodes.WrongType,
                $"a step must be a mapping with an 'id' and one of {string.Join(", ", StepKinds.KindKeys)}; got {YamlValues.Describe(node)}",
                node,
                Join(parentPath, null, index));
            return null;
        }

        if (depth >= LoadContext.MaxDepth)
        {
            context.Report(DiagnosticCodes.InvalidValue, $"steps are nested more than {LoadContext.MaxDepth} levels deep", node, parentPath);
            return null;
        }

        if (!context.Spend(node, parentPath))
        {
            return null;
        }

        var id = PeekId(map);
        var path = Join(parentPath, id, index);
        var reader = new MapReader(context, map, id is null ? "the step" : $"step '{id}'", path);
        // In document order, so the second kind written is the one reported.
        var kinds = StepKinds.All.Where(k => reader.Has(k.Key)).OrderBy(k => reader.KeyNode(k.Key)!.Start.Index).ToList();
        if (kinds.Any(k => k.Key == "forEach"))
        {
            kinds.RemoveAll(k => k.Key == "steps");
        }

        if (kinds.Count == 0)
        {
            reader.CheckKeys(StepKinds.AnyStepKeys, "a step");
            context.Report(
                DiagnosticCodes.MissingKind,
                $"{reader.Label} does not say what it does: add one of {string.Join(", ", StepKinds.KindKeys)}",
                map,
                path);
            return null;
        }

        foreach (var extra in kinds.Skip(1))
        {
            context.Report(
                DiagnosticCodes.MultipleKinds,
                $"{reader.Label} has more than one kind: '{kinds[0].Key}' and '{extra.Key}' (a step does one thing; group several under 'steps:')",
                reader.KeyNode(extra.Key)!,
                path);
        }

        var kind = kinds[0];
        reader.CheckKeys([.. StepKinds.AllowedKeys(kind), .. kinds.Skip(1).Select(k => k.Key)], kind.Label);
        var stepId = reader.Text("id", required: true, "a step id like deploy_app") ?? "";
        depth++;
        Step step = kind.Key switch
        {
            "uses" => ReadActivity(reader, stepId),
            "forEach" => ReadForEach(reader, stepId, path),
            "steps" => new SequenceStep { Id = stepId, Steps = ReadList(reader, "steps", path) },
            "parallel" => new ParallelStep { Id = stepId, Branches = ReadList(reader, "parallel", path) },
            "if" => ReadIf(reader, stepId, path),
            "switch" => ReadSwitch(reader, stepId, path),
            "try" => ReadTry(reader, stepId, path),
            "approval" => ReadApproval(reader, stepId),
            "delay" => new DelayStep { Id = stepId, Duration = reader.Text("delay", required: true, "a duration like 30s or a ${{ }} expression") ?? "" },
            "waitUntil" => new WaitUntilStep { Id = stepId, Until = reader.Text("waitUntil", required: true, "an instant like 2026-12-01T03:00:00Z or a ${{ }} expression") ?? "" },
            _ => ReadCall(reader, stepId),
        };
        depth--;
        return step with
        {
            Name = reader.Text("name"),
            When = reader.Text("when", expected: "a condition"),
            Retry = ReadRetry(reader),
            Timeout = reader.Duration("timeout"),
            ContinueOnError = reader.Bool("continueOnError") ?? false,
            Location = context.At(map),
            FieldLocations = reader.Locations,
            ReportedFields = reader.Reported,
        };
    }

    private static string? PeekId(YamlMappingNode map)
    {
        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: "id" } && value is YamlScalarNode s && !YamlValues.IsNull(s))
            {
                return s.Value;
            }
        }

        return null;
    }
}
