using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Tests.Validation;

/// <summary>Cron trigger names and policies: overlap, catch-up and its window.</summary>
public sealed class CronTriggerTests
{
    private const string Head = """
        id: nightly
        version: 1
        steps: [ { id: s, delay: 1s } ]
        triggers:

        """;

    private static CronTrigger SingleCron(string triggers) =>
        Assert.IsType<CronTrigger>(Assert.Single(Check.LoadValid(Head + triggers).Triggers));

    [Fact]
    public void Load_EveryCronKey_IsRead()
    {
        var cron = SingleCron("""
              - cron: "0 3 * * *"
                timezone: Europe/Madrid
                name: nightly
                overlap: queue
                catchUp: all
                catchUpWindow: 6h
            """);

        Assert.Equal("0 3 * * *", cron.Schedule);
        Assert.Equal("Europe/Madrid", cron.TimeZone);
        Assert.Equal("nightly", cron.Name);
        Assert.Equal(ScheduleOverlap.Queue, cron.Overlap);
        Assert.Equal(ScheduleCatchUp.All, cron.CatchUp);
        Assert.Equal(TimeSpan.FromHours(6), cron.CatchUpWindow);
    }

    [Fact]
    public void Load_OnlyCron_UsesTheDefaults()
    {
        var cron = SingleCron("  - cron: \"@daily\"\n");

        Assert.Null(cron.Name);
        Assert.Equal("UTC", cron.TimeZone);
        Assert.Equal(ScheduleOverlap.Skip, cron.Overlap);
        Assert.Equal(ScheduleCatchUp.None, cron.CatchUp);
        Assert.Equal(TimeSpan.FromHours(24), cron.CatchUpWindow);
    }

    [Theory]
    [InlineData("skip", ScheduleOverlap.Skip)]
    [InlineData("queue", ScheduleOverlap.Queue)]
    [InlineData("allow", ScheduleOverlap.Allow)]
    public void Load_OverlapNames_MapToTheirPolicy(string name, ScheduleOverlap expected) =>
        Assert.Equal(expected, SingleCron($"  - {{ cron: \"0 3 * * *\", overlap: {name} }}\n").Overlap);

    [Theory]
    [InlineData("none", ScheduleCatchUp.None)]
    [InlineData("last", ScheduleCatchUp.Last)]
    [InlineData("all", ScheduleCatchUp.All)]
    public void Load_CatchUpNames_MapToTheirPolicy(string name, ScheduleCatchUp expected) =>
        Assert.Equal(expected, SingleCron($"  - {{ cron: \"0 3 * * *\", catchUp: {name} }}\n").CatchUp);

    [Fact]
    public void CronTriggers_OneUnnamed_IsCalledCron()
    {
        var definition = Check.LoadValid(Head + "  - cron: \"0 3 * * *\"\n  - http: { path: /x }\n");

        Assert.Equal(["cron"], definition.CronTriggers().Select(t => t.Name));
    }

    [Fact]
    public void CronTriggers_Several_AreNumberedAmongCronTriggersUnlessNamed()
    {
        var definition = Check.LoadValid(Head + """
              - http: { path: /x }
              - cron: "0 3 * * *"
              - cron: "0 4 * * *"
                name: early
              - cron: "0 5 * * *"
            """);

        Assert.Equal(["cron-1", "early", "cron-3"], definition.CronTriggers().Select(t => t.Name));
        Assert.Equal(["0 3 * * *", "0 4 * * *", "0 5 * * *"], definition.CronTriggers().Select(t => t.Trigger.Schedule));
    }

    [Fact]
    public void Validate_GoodPolicies_AreClean() =>
        Check.Clean(Head + """
              - cron: "0 3 * * *"
                name: nightly
                overlap: allow
                catchUp: last
                catchUpWindow: 1h30m
              - cron: "*/5 * * * *"
                name: every-5.min_x
            """);

    [Fact]
    public void Load_UnknownOverlap_ListsTheChoicesAtTheValue()
    {
        var diagnostic = Check.Single(Head + "  - cron: \"0 3 * * *\"\n    overlap: Queue\n", DiagnosticCodes.InvalidValue, 6, 14);

        Assert.Equal("'overlap' must be one of skip, queue, allow, got 'Queue' (did you mean 'queue'?)", diagnostic.Message);
    }

    [Fact]
    public void Load_UnknownCatchUp_ListsTheChoices()
    {
        var diagnostic = Check.Single(Head + "  - cron: \"0 3 * * *\"\n    catchUp: every\n", DiagnosticCodes.InvalidValue, 6, 14);

        Assert.StartsWith("'catchUp' must be one of none, last, all, got 'every'", diagnostic.Message);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("00:00:00")]
    public void Validate_ZeroCatchUpWindow_IsReported(string window)
    {
        var diagnostic = Check.Single(Head + $"  - cron: \"0 3 * * *\"\n    catchUp: all\n    catchUpWindow: \"{window}\"\n", DiagnosticCodes.InvalidValue, 7, 20);

        Assert.Equal("'catchUpWindow' must be longer than zero (for example 6h)", diagnostic.Message);
    }

    [Fact]
    public void Load_CatchUpWindowWithoutUnit_IsADurationErrorReportedOnce()
    {
        var diagnostics = Check.All(Head + "  - cron: \"0 3 * * *\"\n    catchUpWindow: 6\n");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidDuration, diagnostic.Code);
        Assert.Contains("durations need a unit", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SameNameTwice_IsReportedAtTheSecond()
    {
        var diagnostic = Check.Single(
            Head + "  - cron: \"0 3 * * *\"\n    name: nightly\n  - cron: \"0 4 * * *\"\n    name: nightly\n",
            DiagnosticCodes.InvalidValue,
            8,
            11);

        Assert.Equal("trigger name 'nightly' is used by more than one cron trigger", diagnostic.Message);
    }

    [Fact]
    public void Validate_DefaultNameTakenByAWrittenOne_IsReportedAtTheUnnamedTrigger()
    {
        var diagnostic = Check.Single(
            Head + "  - cron: \"0 3 * * *\"\n    name: cron-2\n  - cron: \"0 4 * * *\"\n",
            DiagnosticCodes.InvalidValue,
            7,
            5);

        Assert.Equal("this cron trigger's default name 'cron-2' is already used by another trigger; give the triggers distinct names", diagnostic.Message);
    }

    [Theory]
    [InlineData("ops/nightly")]
    [InlineData("-early")]
    [InlineData("night ly")]
    public void Validate_NameThatCannotFormAScheduleId_IsReported(string name)
    {
        var diagnostic = Check.Single(Head + $"  - cron: \"0 3 * * *\"\n    name: \"{name}\"\n", DiagnosticCodes.InvalidValue, 6, 11);

        Assert.StartsWith($"trigger name '{name}' must start with a letter or digit", diagnostic.Message);
        Assert.Contains($"'nightly/{name}'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownCronKey_ListsTheNewKeys()
    {
        var diagnostic = Check.Single(Head + "  - cron: \"0 3 * * *\"\n    catchup: all\n", DiagnosticCodes.UnknownKey, 6, 5);

        Assert.Equal(
            "unknown key 'catchup' in a cron trigger (did you mean 'catchUp'?); allowed keys: cron, timezone, name, overlap, catchUp, catchUpWindow, inputs",
            diagnostic.Message);
    }
}
