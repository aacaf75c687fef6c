using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>The readers of each step kind and of the nested mappings steps have.</summary>
internal sealed partial class StepReader
{
    private ActivityStep ReadActivity(MapReader reader, string id)
    {
        var uses = "";
        int? version = null;
        if (reader.Text("uses", required: true, "an activity like core.log@1") is { } text)
        {
            var match = UsesPattern().Match(text.Trim());
            if (!match.Success)
            {
                reader.Fail("uses", DiagnosticCodes.InvalidUses, $"'uses' must name an activity like core.log@1 (or core.log for its newest version), got '{text}'");
            }
            else if (match.Groups[2].Success && !int.TryParse(match.Groups[2].Value, out _))
            {
                reader.Fail("uses", DiagnosticCodes.InvalidUses, $"activity version in '{text}' is out of range");
            }
            else
            {
                uses = match.Groups[1].Value;
                version = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            }
        }

        var with = new JsonObject();
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        if (reader.Map("with", "a mapping of input names to values") is { } node)
        {
            foreach (var (key, value) in node.Children)
            {
                if (key is not YamlScalarNode { Value: { Length: > 0 } name })
                {
                    context.Report(DiagnosticCodes.WrongType, $"input names in 'with' must be plain names, got {YamlValues.Describe(key)}", key, reader.StepPath);
                    continue;
                }

                with[name] = YamlValues.ToJson(value, context, reader.StepPath);
                locations[name] = context.At(key);
            }
        }

        return new ActivityStep
        {
            Id = id,
            Uses = uses,
            UsesVersion = version,
            With = with,
            WithLocations = locations,
            Idempotent = reader.Bool("idempotent"),
        };
    }

    private ForEachStep ReadForEach(MapReader reader, string id, string path)
    {
        JsonNode items = JsonValue.Create("");
        var node = reader.Value("forEach")!;
        if (YamlValues.IsNull(node))
        {
            reader.Fail("forEach", DiagnosticCodes.MissingKey, "'forEach' needs a ${{ }} expression yielding a list, or a list");
        }
        else if (node is YamlMappingNode)
        {
            reader.Fail("forEach", DiagnosticCodes.WrongType, $"'forEach' must be a ${{{{ }}}} expression or a list, got {YamlValues.Describe(node)}");
        }
        else
        {
            items = YamlValues.ToJson(node, context, path) ?? JsonValue.Create("");
        }

        return new ForEachStep
        {
            Id = id,
            Items = items,
            As = reader.Text("as", expected: "a name like host") ?? "item",
            Concurrency = reader.Int("concurrency") ?? 5,
            Serial = ReadSerial(reader),
            MaxFailPercentage = ReadPercentage(reader, "maxFailPercentage") ?? 0,
            Steps = ReadRequiredList(reader, "steps", path),
        };
    }

    private List<BatchSize> ReadSerial(MapReader reader)
    {
        var node = reader.Value("serial");
        var sizes = new List<BatchSize>();
        if (node is null || YamlValues.IsNull(node))
        {
            return sizes;
        }

        var items = node switch
        {
            YamlSequenceNode seq => seq.Children,
            YamlScalarNode => [node],
            _ => null,
        };
        if (items is null)
        {
            reader.Fail("serial", DiagnosticCodes.ForEachSerial, $"'serial' must be a count (2), a percentage (30%) or a list of those, got {YamlValues.Describe(node)}");
            return sizes;
        }

        foreach (var item in items)
        {
            if (ParseBatch(item) is { } size)
            {
                sizes.Add(size);
            }
            else
            {
                reader.MarkReported("serial");
                context.Report(
                    DiagnosticCodes.ForEachSerial,
                    $"'serial' entries must be a count (2) or a percentage (30%), got {YamlValues.Describe(item)}",
                    item,
                    reader.StepPath);
            }
        }

        return sizes;
    }

    private static BatchSize? ParseBatch(YamlNode node)
    {
        if (node is not YamlScalarNode s)
        {
            return null;
        }

        if (YamlValues.TryLong(s, out var count))
        {
            return count is >= int.MinValue and <= int.MaxValue ? new BatchSize((int)count, false) : null;
        }

        var match = PercentPattern().Match(s.Value ?? "");
        return match.Success && int.TryParse(match.Groups[1].Value, out var percent) ? new BatchSize(percent, true) : null;
    }

    /// <summary>A number, or a text like "20%".</summary>
    private static double? ReadPercentage(MapReader reader, string key)
    {
        if (reader.Value(key) is YamlScalarNode s && PercentPattern().Match(s.Value ?? "") is { Success: true } m)
        {
            return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return reader.Number(key);
    }

    private IfStep ReadIf(MapReader reader, string id, string path) => new()
    {
        Id = id,
        Condition = reader.Text("if", required: true, "a condition") ?? "",
        Then = ReadRequiredList(reader, "then", path),
        Else = ReadOptionalList(reader, "else", path),
    };

    private SwitchStep ReadSwitch(MapReader reader, string id, string path)
    {
        var value = reader.Text("switch", required: true, "an expression") ?? "";
        var cases = new List<SwitchCase>();
        if (!reader.Has("cases"))
        {
            reader.Missing("cases", " (a mapping of values to lists of steps)");
        }
        else if (reader.Map("cases", "a mapping of values to lists of steps") is { } node)
        {
            var caseReader = new MapReader(context, node, "cases", path, "cases.", reader.Locations, reader.Reported);
            foreach (var match in caseReader.Keys)
            {
                cases.Add(new SwitchCase(match, ReadList(caseReader, match, path)));
            }
        }

        return new SwitchStep { Id = id, Value = value, Cases = cases, Default = ReadOptionalList(reader, "default", path) };
    }

    private TryStep ReadTry(MapReader reader, string id, string path) => new()
    {
        Id = id,
        Try = ReadList(reader, "try", path),
        Catch = ReadOptionalList(reader, "catch", path),
        Finally = ReadOptionalList(reader, "finally", path),
    };

    private ApprovalStep ReadApproval(MapReader reader, string id)
    {
        var node = reader.Value("approval")!;
        if (YamlValues.IsNull(node))
        {
            return new ApprovalStep { Id = id };
        }

        if (node is not YamlMappingNode map)
        {
            reader.Fail("approval", DiagnosticCodes.WrongType, $"'approval' must be a mapping like {{ message: ..., minApprovals: 1 }}, got {YamlValues.Describe(node)}");
            return new ApprovalStep { Id = id };
        }

        var approval = new MapReader(context, map, "approval", reader.StepPath, "approval.", reader.Locations, reader.Reported);
        approval.CheckKeys(StepKinds.ApprovalKeys);
        return new ApprovalStep
        {
            Id = id,
            Message = approval.Text("message"),
            Approvers = approval.TextList("approvers") ?? [],
            Role = approval.Text("role"),
            MinApprovals = approval.Int("minApprovals") ?? 1,
            ApprovalTimeout = approval.Duration("timeout"),
        };
    }

    private CallStep ReadCall(MapReader reader, string id)
    {
        if (reader.Map("call", "a mapping like { workflow: backup, version: 2, with: {...} }") is not { } map)
        {
            if (!reader.Reported.Contains("call"))
            {
                reader.Fail("call", DiagnosticCodes.MissingKey, "'call' needs { workflow: <id>, version: <n> }");
            }

            reader.Reported.UnionWith(["call.workflow", "call.version"]);
            return new CallStep { Id = id, Workflow = "", Version = 0 };
        }

        var call = new MapReader(context, map, "call", reader.StepPath, "call.", reader.Locations, reader.Reported);
        call.CheckKeys(StepKinds.CallKeys);
        var workflow = call.Text("workflow", required: true, "a workflow id") ?? "";
        var version = 0;
        if (!call.Has("version"))
        {
            call.Missing("version", " (calls are pinned to a version)");
        }
        else
        {
            version = call.Int("version", required: true) ?? 0;
        }

        var with = new JsonObject();
        if (call.Map("with", "a mapping of input names to values") is { } inputs)
        {
            foreach (var (key, value) in inputs.Children)
            {
                if (key is not YamlScalarNode { Value: { Length: > 0 } name })
                {
                    context.Report(DiagnosticCodes.WrongType, $"input names in 'with' must be plain names, got {YamlValues.Describe(key)}", key, reader.StepPath);
                    continue;
                }

                with[name] = YamlValues.ToJson(value, context, reader.StepPath);
                reader.Locations[$"call.with.{name}"] = context.At(key);
            }
        }

        return new CallStep { Id = id, Workflow = workflow, Version = version, With = with };
    }

    private RetryPolicy? ReadRetry(MapReader reader)
    {
        if (reader.Map("retry", "a mapping like { maxAttempts: 3, delay: 2s }") is not { } map)
        {
            return null;
        }

        var retry = new MapReader(context, map, "retry", reader.StepPath, "retry.", reader.Locations, reader.Reported);
        retry.CheckKeys(StepKinds.RetryKeys);
        var policy = new RetryPolicy();
        var backoff = policy.Backoff;
        if (retry.Text("backoff") is { } name)
        {
            var index = Array.IndexOf(StepKinds.BackoffNames, name);
            if (index < 0)
            {
                retry.Fail("backoff", DiagnosticCodes.InvalidValue, $"'retry.backoff' must be one of {string.Join(", ", StepKinds.BackoffNames)}, got '{name}'");
            }
            else
            {
                backoff = (BackoffKind)index;
            }
        }

        return policy with
        {
            MaxAttempts = retry.Int("maxAttempts") ?? policy.MaxAttempts,
            Delay = retry.Duration("delay") ?? policy.Delay,
            Backoff = backoff,
            MaxDelay = retry.Duration("maxDelay") ?? policy.MaxDelay,
            On = retry.TextList("on") ?? [],
        };
    }
}
