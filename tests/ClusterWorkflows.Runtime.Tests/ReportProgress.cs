using System.ComponentModel;
using ClusterWorkflows.Sdk;
using Microsoft.Extensions.Time.Testing;

namespace ClusterWorkflows.Runtime.Tests;

public sealed record ReportProgressInput
{
    [Description("How many progress reports to make.")]
    public int Updates { get; init; } = 1000;

    [Description("Fake time that passes between two reports, in milliseconds.")]
    public int StepMilliseconds { get; init; } = 10;

    [Description("A secret put into every message: it must be redacted before any observer hears it.")]
    [Secret]
    public string? Token { get; init; }
}

/// <summary>
/// Reports progress as fast as it can while moving the engine's fake clock on, so the throttle's figures are
/// exact: 1,000 reports 10 ms apart are 10 s of (fake) work.
/// </summary>
[Activity("test.progress", 1, Category = "Test", Description = "Reports many progress updates.")]
public sealed class ReportProgress : IActivity<ReportProgressInput, NoOutput>
{
    public Task<ActivityResult<NoOutput>> ExecuteAsync(ReportProgressInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        // The engine fixture runs on a fake clock; advancing it here is what makes the test need no sleeps.
        var clock = (FakeTimeProvider)context.Time;
        for (var done = 1; done <= input.Updates; done++)
        {
            context.Progress.Report(done, input.Updates, "items", $"item {done} token={input.Token}");
            clock.Advance(TimeSpan.FromMilliseconds(input.StepMilliseconds));
        }

        return Task.FromResult(ActivityResult.Unchanged(NoOutput.Instance));
    }
}
