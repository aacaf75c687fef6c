namespace ClusterWorkflows.Cli.Tests;

/// <summary>
/// The runbook of the random crash trials: plain steps, a forEach over three items two at a time, a try/finally and
/// a parallel block, every step appending its own journal path to an effects file (so an effect names its step) and
/// then lingering a little, so that a kill from outside often lands after the effect and before the step's end is
/// recorded: the case where running the step again would repeat it.
/// </summary>
internal static class CrashRunbook
{
    public static readonly string[] Effects =
    [
        "s1", "s2", "hosts[a]/touch", "hosts[b]/touch", "hosts[c]/touch", "guarded/s3", "guarded/cleanup", "both/p1", "both/p2", "s4",
    ];

    /// <summary>The effect a step leaves is its path.</summary>
    public static string EffectOf(string stepPath) => stepPath;

    public static string Yaml(string effects, bool idempotent)
    {
        string Step(string id, string effect, string indent) => $$"""
            {{indent}}- id: {{id}}
            {{indent}}  uses: core.command@1
            {{indent}}  idempotent: {{(idempotent ? "true" : "false")}}
            {{indent}}  with:
            {{indent}}    shell: true
            {{indent}}    command: "echo '{{effect}}' >> {{effects}}; sleep 0.02"

            """;

        return $$"""
            id: crash-trial
            version: 1
            steps:
            {{Step("s1", "s1", "  ")}}{{Step("s2", "s2", "  ")}}  - id: hosts
                forEach: [a, b, c]
                as: host
                concurrency: 2
                steps:
            {{Step("touch", "hosts[${{ host }}]/touch", "      ")}}  - id: guarded
                try:
            {{Step("s3", "guarded/s3", "      ")}}    finally:
            {{Step("cleanup", "guarded/cleanup", "      ")}}  - id: both
                parallel:
            {{Step("p1", "both/p1", "      ")}}{{Step("p2", "both/p2", "      ")}}{{Step("s4", "s4", "  ")}}
            """;
    }
}
