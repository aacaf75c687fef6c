using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk.Tests.TestActivities;

public sealed record EchoInput
{
    [Description("Text to echo.")]
    public required string Text { get; init; }

    [Range(1, 5)]
    public int Times { get; init; } = 1;

    [RegularExpression("^[a-z]*$")]
    public string Suffix { get; init; } = "";
}

public sealed record EchoOutput(string Result, int Length, RolloutSpeed Speed, TimeSpan Took);

/// <summary>Something an activity gets through its constructor.</summary>
public interface IGreeting
{
    string Prefix { get; }
}

public sealed class FixedGreeting(string prefix) : IGreeting
{
    public string Prefix { get; } = prefix;
}

/// <summary>Records what the runtime handed over, so tests can see it.</summary>
public sealed class EchoProbe
{
    public List<(EchoInput Input, ActivityContext Context, CancellationToken Token)> Calls { get; } = [];
}

[Activity("test.echo", 1, Description = "Echoes its input.")]
public sealed class EchoActivity(IGreeting greeting, EchoProbe probe) : IActivity<EchoInput, EchoOutput>
{
    public Task<ActivityResult<EchoOutput>> ExecuteAsync(EchoInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        probe.Calls.Add((input, context, cancellationToken));
        context.Log.Info($"echo {input.Text}");
        var text = greeting.Prefix + string.Concat(Enumerable.Repeat(input.Text, input.Times)) + input.Suffix;
        var result = context.CheckMode
            ? ActivityResult.Unchanged(new EchoOutput(text, text.Length, RolloutSpeed.VeryFast, TimeSpan.FromSeconds(90)))
            : ActivityResult.Changed(new EchoOutput(text, text.Length, RolloutSpeed.VeryFast, TimeSpan.FromSeconds(90)));
        return Task.FromResult(result with { SetVariables = new Dictionary<string, JsonNode?> { ["lastEcho"] = text } });
    }
}
