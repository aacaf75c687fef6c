using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>Reads <c>triggers:</c>: cron schedules and HTTP endpoints that start runs.</summary>
internal sealed class TriggerReader(LoadContext context)
{
    public static readonly string[] CronKeys = ["cron", "timezone", "name", "overlap", "catchUp", "catchUpWindow", "inputs"];

    /// <summary>In the order of <see cref="ScheduleOverlap"/>.</summary>
    public static readonly string[] OverlapNames = ["skip", "queue", "allow"];

    /// <summary>In the order of <see cref="ScheduleCatchUp"/>.</summary>
    public static readonly string[] CatchUpNames = ["none", "last", "all"];

    public static readonly string[] HttpKeys = ["http"];
    public static readonly string[] HttpSpecKeys = ["path", "methods", "auth", "secret", "format"];

    public List<TriggerDefinition> Read(YamlSequenceNode? node)
    {
        var triggers = new List<TriggerDefinition>();
        foreach (var item in node?.Children ?? [])
        {
            if (item is not YamlMappingNode map)
            {
                context.Report(DiagnosticCodes.WrongType, $"a trigger must be a mapping with 'cron' or 'http', got {YamlValues.Describe(item)}", item, null);
                continue;
            }

            var reader = new MapReader(context, map, "the trigger", stepPath: null);
            var trigger = (reader.Has("cron"), reader.Has("http")) switch
            {
                (true, true) => Kind(reader, "a trigger has either 'cron' or 'http', not both"),
                (true, false) => ReadCron(reader),
                (false, true) => ReadHttp(reader),
                _ => Kind(reader, "a trigger needs 'cron' (a schedule) or 'http' (an endpoint)"),
            };
            if (trigger is not null)
            {
                triggers.Add(trigger);
            }
        }

        return triggers;
    }

    private TriggerDefinition? Kind(MapReader reader, string message)
    {
        context.Report(DiagnosticCodes.TriggerKind, message, reader.Node, null);
        return null;
    }

    private CronTrigger ReadCron(MapReader reader)
    {
        reader.CheckKeys(CronKeys, "a cron trigger");
        var schedule = reader.Text("cron", required: true, "a cron expression like \"0 3 * * *\"") ?? "";
        var timeZone = reader.Text("timezone") ?? "UTC";
        var inputs = new JsonObject();
        if (reader.Map("inputs", "a mapping of input names to literal values") is { } node)
        {
            // Keyed by the input's key, like a step's 'with', so "unknown input" points at the name.
            foreach (var (key, value) in node.Children)
            {
                if (key is not YamlScalarNode { Value: { Length: > 0 } name })
                {
                    context.Report(DiagnosticCodes.WrongType, $"input names must be plain names, got {YamlValues.Describe(key)}", key, null);
                    continue;
                }

                inputs[name] = YamlValues.ToJson(value, context, stepPath: null);
                reader.Locations[$"inputs.{name}"] = context.At(key);
            }
        }

        var defaults = new CronTrigger { Schedule = schedule };
        return new CronTrigger
        {
            Schedule = schedule,
            TimeZone = timeZone,
            Inputs = inputs,
            Name = reader.Text("name", expected: "a name like nightly"),
            Overlap = Choice(reader, "overlap", OverlapNames, defaults.Overlap),
            CatchUp = Choice(reader, "catchUp", CatchUpNames, defaults.CatchUp),
            CatchUpWindow = reader.Duration("catchUpWindow") ?? defaults.CatchUpWindow,
            Location = reader.Location,
            FieldLocations = reader.Locations,
            ReportedFields = reader.Reported,
        };
    }

    /// <summary>One of <paramref name="names"/>, read as the enum member at the same position.</summary>
    private static TEnum Choice<TEnum>(MapReader reader, string key, string[] names, TEnum fallback)
        where TEnum : struct, Enum
    {
        if (reader.Text(key) is not { } name)
        {
            return fallback;
        }

        var index = Array.IndexOf(names, name);
        if (index < 0)
        {
            var hint = Suggestions.DidYouMean(name, names);
            reader.Fail(key, DiagnosticCodes.InvalidValue, $"'{key}' must be one of {string.Join(", ", names)}, got '{name}'{hint}");
            return fallback;
        }

        return (TEnum)Enum.ToObject(typeof(TEnum), index);
    }

    private HttpTrigger? ReadHttp(MapReader reader)
    {
        reader.CheckKeys(HttpKeys, "an http trigger");
        if (reader.Map("http", "a mapping like { path: /deploy, methods: [POST], auth: hmac, secret: deploy-hook-key }") is not { } node)
        {
            if (!reader.Reported.Contains("http"))
            {
                reader.Fail("http", DiagnosticCodes.MissingKey, "'http' needs at least a path, like { path: /deploy }");
            }

            return null;
        }

        var spec = new MapReader(context, node, "the http trigger", stepPath: null, "http.", reader.Locations, reader.Reported);
        spec.CheckKeys(HttpSpecKeys);
        return new HttpTrigger
        {
            Path = spec.Text("path", required: true, "a path like /deploy") ?? "",
            Methods = spec.TextList("methods") ?? ["POST"],
            Auth = spec.Text("auth"),
            Secret = spec.Text("secret", expected: "the name of a secret, like deploy-hook-key"),
            Format = spec.Text("format") ?? "json",
            Location = reader.Location,
            FieldLocations = reader.Locations,
            ReportedFields = reader.Reported,
        };
    }
}
