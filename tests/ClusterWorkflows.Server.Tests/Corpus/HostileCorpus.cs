using System.Text;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Server.Tests.Corpus;

/// <summary>One hostile request: what is sent, the statuses it may get, and (for 400s) the field named.</summary>
public sealed record HostileCase(
    string Name,
    string Method,
    string Path,
    Func<string>? Body,
    int[] Statuses,
    string? Field = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? ValidationMessage = null);

/// <summary>
/// The hostile corpus of the API, generated in code because its documents are large: deep nesting,
/// huge documents, alias bombs, duplicate keys, control characters, huge ids and paths. The
/// validate endpoints answer 200 with <c>valid: false</c> (that is their contract) and the problem.
/// </summary>
public static class HostileCorpus
{
    private const int Deep = 30_000;

    public static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    public static string DeepYaml() => "id: deep\nversion: 1\nsteps: " + new string('[', Deep) + new string(']', Deep) + "\n";

    public static string DeepBlockYaml() => "id: deep\nversion: 1\nsteps:\n  " + string.Concat(Enumerable.Repeat("- ", Deep)) + "x\n";

    public static string DeepInventory() => "vars:\n  x: " + string.Concat(Enumerable.Repeat("{a: ", Deep)) + "1" + new string('}', Deep) + "\n";

    public static string DeepJson() => new string('[', Deep) + new string(']', Deep);

    public static string AliasBomb()
    {
        var text = new StringBuilder("id: bomb\nversion: 1\nsteps:\n  - id: a\n    uses: core.log@1\n    with:\n      l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            text.Append($"      l{i}: &l{i} [").AppendJoin(", ", Enumerable.Repeat($"*l{i - 1}", 10)).Append("]\n");
        }

        return text.ToString();
    }

    public static string Parentheses() =>
        $"id: parens\nversion: 1\nsteps:\n  - id: s\n    uses: core.log@1\n    with: {{ message: \"${{{{ {new string('(', 50_000)}1{new string(')', 50_000)} }}}}\" }}\n";

    public static string ManyUnknownKeys(int count)
    {
        var text = new StringBuilder("id: noisy\nversion: 1\nsteps:\n  - id: a\n    delay: 1s\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("    k").Append(i).Append(": x\n");
        }

        return text.ToString();
    }

    public static string ManyInputs(int count)
    {
        var inputs = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            inputs["i" + i] = 1;
        }

        return new JsonObject { ["workflow"] = "noop", ["inputs"] = inputs }.ToJsonString();
    }

    private static string Content(string yaml) => Json(new { content = yaml });

    private static Dictionary<string, string> LastEventId(string value) => new() { ["Last-Event-ID"] = value };

    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        new("definitions/validate: 30,000 levels in flow", "POST", "/api/definitions/validate", () => Content(DeepYaml()), [200], ValidationMessage: "deeper than"),
        new("definitions/validate: 30,000 levels in blocks", "POST", "/api/definitions/validate", () => Content(DeepBlockYaml()), [200], ValidationMessage: "deeper than"),
        new("definitions/validate: alias bomb", "POST", "/api/definitions/validate", () => Content(AliasBomb()), [200], ValidationMessage: "expands to more than"),
        new("definitions/validate: 50,000 nested parentheses", "POST", "/api/definitions/validate", () => Content(Parentheses()), [200], ValidationMessage: "nested more than"),
        new("definitions/validate: control characters", "POST", "/api/definitions/validate", () => Content("id: \"a\\u0000\\u001b[2J\"\nversion: 1\nsteps:\n  - { id: s, delay: 1s }\n"), [200], ValidationMessage: "workflow id"),
        new("definitions/validate: 100,000-character id", "POST", "/api/definitions/validate", () => Content($"id: {new string('a', 100_000)}\nversion: 1\nsteps:\n  - {{ id: s, delay: 1s }}\n"), [200], ValidationMessage: "at most 128"),
        new("definitions: 30,000 levels", "POST", "/api/definitions", () => Content(DeepYaml()), [400]),
        new("definitions: alias bomb", "POST", "/api/definitions", () => Content(AliasBomb()), [400]),
        new("definitions: 50,000 nested parentheses", "POST", "/api/definitions", () => Content(Parentheses()), [400]),
        new("definitions: 100,000-character id", "POST", "/api/definitions", () => Content($"id: {new string('a', 100_000)}\nversion: 1\nsteps:\n  - {{ id: s, delay: 1s }}\n"), [400]),
        new("definitions: 300-character id (the write-back file name)", "POST", "/api/definitions", () => Content($"id: {new string('b', 300)}\nversion: 1\nsteps:\n  - {{ id: s, delay: 1s }}\n"), [400]),
        new("definitions: duplicate YAML keys", "POST", "/api/definitions", () => Content("id: a\nid: b\nversion: 1\nsteps: []\n"), [400]),
        new("definitions: duplicate JSON property", "POST", "/api/definitions", () => "{\"content\": \"x\", \"content\": \"y\"}", [400], "body"),
        new("definitions: body over the limit", "POST", "/api/definitions", () => Content(new string('#', 2 * 1024 * 1024)), [413]),
        new("inventory/validate: 30,000 levels", "POST", "/api/inventory/validate", () => Content(DeepInventory()), [200], ValidationMessage: "nested deeper than"),
        new("inventory/validate: duplicate JSON property", "POST", "/api/inventory/validate", () => "{\"content\": \"a: 1\", \"content\": \"b: 2\"}", [400], "body"),
        new("runs: inventory of 30,000 levels", "POST", "/api/runs", () => Json(new { workflow = "noop", inventory = DeepInventory() }), [400], "inventory"),
        new("runs: JSON nested 30,000 levels", "POST", "/api/runs", DeepJson, [400], "body"),
        new("runs: inputs nested 30,000 levels", "POST", "/api/runs", () => "{\"workflow\": \"noop\", \"inputs\": {\"a\": " + DeepJson() + "}}", [400], "body"),
        new("runs: duplicate JSON property", "POST", "/api/runs", () => "{\"workflow\": \"noop\", \"workflow\": \"steps\"}", [400], "body"),
        new("runs: duplicate property deep inside", "POST", "/api/runs", () => "{\"workflow\": \"noop\", \"inputs\": {\"a\": {\"b\": 1, \"b\": 2}}}", [400], "body"),
        new("runs: control characters in the workflow", "POST", "/api/runs", () => "{\"workflow\": \"\\u0000\\u001b[2J\"}", [400, 404]),
        new("runs: 100,000-character workflow", "POST", "/api/runs", () => Json(new { workflow = new string('a', 100_000) }), [400], "workflow"),
        new("runs: lone surrogate", "POST", "/api/runs", () => "{\"workflow\": \"\\ud800\"}", [400], "workflow"),
        new("definitions: 100,000-character id in the path", "GET", "/api/definitions/" + new string('a', 100_000), null, [400, 404, 414]),
        new("definitions: control characters in the path", "GET", "/api/definitions/%01%1b%7f", null, [400, 404]),
        new("runs: path of 100,000 characters", "GET", "/api/runs/" + new string('r', 100_000), null, [400, 404, 414]),
        new("run events: Last-Event-ID 0", "GET", "/api/runs/events", null, [400], "Last-Event-ID", LastEventId("0")),
        new("run events: Last-Event-ID 1", "GET", "/api/runs/events", null, [400], "Last-Event-ID", LastEventId("1")),
        new("run events: Last-Event-ID past the calendar", "GET", "/api/runs/events", null, [400], "Last-Event-ID", LastEventId("3155378975999999999")),
        new("run events: Last-Event-ID past long", "GET", "/api/runs/events", null, [400], "Last-Event-ID", LastEventId("99999999999999999999")),
        new("run events: Last-Event-ID negative", "GET", "/api/runs/events", null, [400], "Last-Event-ID", LastEventId("-1")),
        new("run events: lastEventId query of words", "GET", "/api/runs/events?lastEventId=abc", null, [400], "Last-Event-ID"),
        new("run stream: Last-Event-ID malformed", "GET", $"/api/runs/{Guid.NewGuid()}/events", null, [400], "Last-Event-ID", LastEventId("1-2-3")),
        new("run stream: Last-Event-ID past long", "GET", $"/api/runs/{Guid.NewGuid()}/events", null, [400], "Last-Event-ID", LastEventId("99999999999999999999-0")),
        new("hooks: JSON nested 30,000 levels", "POST", "/hooks/deep", DeepJson, [400, 401, 404]),
        new("tokens: duplicate JSON property", "POST", "/api/tokens", () => "{\"name\": \"a\", \"name\": \"b\", \"role\": \"viewer\"}", [400], "body"),
        new("audit: 100,000-character query", "GET", "/api/audit?before=" + new string('9', 100_000), null, [400]),
    ];
}
