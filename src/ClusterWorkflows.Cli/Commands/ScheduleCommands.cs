using System.CommandLine;
using System.Globalization;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Store;
using Spectre.Console;

namespace ClusterWorkflows.Cli.Commands;

/// <summary><c>cw schedules</c>: the cron schedules of saved runbooks, their next fires, pausing and fire history.</summary>
public static class ScheduleCommands
{
    public static Command Create()
    {
        var count = new Option<int>("--next") { Description = "How many upcoming fires to show per schedule.", DefaultValueFactory = _ => 3 };
        var group = new Command("schedules", "Cron schedules of saved runbooks (default: list them with their next fires).") { count };
        group.SetAction((parse, ct) => CliApp.Guard(() => ListAsync(parse, parse.GetValue(count), ct)));

        var listCount = new Option<int>("--next") { Description = "How many upcoming fires to show per schedule.", DefaultValueFactory = _ => 3 };
        var list = new Command("list", "List schedules: workflow, cron, time zone, paused, next fires (local and UTC), last fire.") { listCount };
        list.SetAction((parse, ct) => CliApp.Guard(() => ListAsync(parse, parse.GetValue(listCount), ct)));

        group.Subcommands.Add(list);
        group.Subcommands.Add(Pause(paused: true));
        group.Subcommands.Add(Pause(paused: false));
        group.Subcommands.Add(Fires());
        return group;
    }

    private static async Task<int> ListAsync(ParseResult parse, int count, CancellationToken ct)
    {
        if (count < 0)
        {
            throw new UsageException("--next must be 0 or more");
        }

        await using var backend = await Backend.OpenAsync(parse, null, ct);
        var upcoming = await backend.Schedules.UpcomingAsync(count, ct);
        if (upcoming.Count == 0)
        {
            Terminal.Out.MarkupLine("no schedules (a runbook's cron triggers become schedules when it is saved)");
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("Schedule", "Workflow", "Cron", "Time zone", "Paused", "Next fires", "Last fire");
        foreach (var (schedule, next) in upcoming)
        {
            var zone = Zone(schedule.TimeZone);
            table.AddRow(
                Terminal.Esc(schedule.Id),
                Terminal.Esc($"{schedule.DefinitionId}@{schedule.DefinitionVersion}"),
                Terminal.Esc(schedule.Cron),
                Terminal.Esc(schedule.TimeZone),
                schedule.Paused ? "[yellow]paused[/]" : "no",
                next.Count == 0 ? "-" : string.Join("\n", next.Select(at => Terminal.Esc(Both(at, zone)))),
                schedule.LastFireAt is { } last ? Terminal.Esc(Both(last, zone)) : "-");
        }

        Terminal.Out.Write(table);
        return ExitCodes.Ok;
    }

    private static Command Pause(bool paused)
    {
        var id = new Argument<string>("id") { Description = "Schedule id: workflow-id/trigger-name (see 'cw schedules')." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log." };
        var command = new Command(
            paused ? "pause" : "resume",
            paused
                ? "Pause a schedule: it fires nothing until resumed (new runbook versions keep it paused)."
                : "Resume a paused schedule; fires missed meanwhile follow its catchUp policy.")
        {
            id,
            reason,
        };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            var scheduleId = parse.GetValue(id)!;
            if (!await backend.Schedules.SetPausedAsync(scheduleId, paused, parse.GetValue(reason), ct))
            {
                throw new KeyNotFoundException($"no schedule '{scheduleId}' (list them with 'cw schedules')");
            }

            Terminal.Out.MarkupLine($"schedule [bold]{Terminal.Esc(scheduleId)}[/] {(paused ? "paused" : "resumed")}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Fires()
    {
        var id = new Argument<string>("id") { Description = "Schedule id: workflow-id/trigger-name." };
        var limit = new Option<int>("--limit") { Description = "How many (newest first).", DefaultValueFactory = _ => 20 };
        var command = new Command("fires", "Show a schedule's fires, newest first: when, started or skipped, which run, which node (on the database only).") { id, limit };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            if (parse.GetValue(limit) < 0)
            {
                throw new UsageException("--limit must be 0 or more");
            }

            var services = await GlobalOptions.EngineAsync(parse, null, ct);
            await using var store = services.Store;
            var scheduleId = parse.GetValue(id)!;
            var schedule = await store.GetScheduleAsync(scheduleId, ct)
                ?? throw new KeyNotFoundException($"no schedule '{scheduleId}' (list them with 'cw schedules')");
            var zone = Zone(schedule.TimeZone);
            var table = new Table().Border(TableBorder.Simple).AddColumns("Fire", "Outcome", "Run", "Node", "Recorded");
            foreach (var fire in await store.ListFiresAsync(scheduleId, parse.GetValue(limit), ct))
            {
                table.AddRow(
                    Terminal.Esc(Both(fire.FireAt, zone)),
                    fire.Outcome == FireOutcome.Started ? "[green]started[/]" : "[grey]skipped[/]",
                    Terminal.Esc(fire.RunId?.ToString() ?? "-"),
                    Terminal.Esc(fire.Node),
                    Terminal.Esc(fire.RecordedAt.ToString("u", CultureInfo.InvariantCulture)));
            }

            Terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The schedule's zone for display; UTC when this machine does not know it (the fires stay correct in UTC).</summary>
    private static TimeZoneInfo Zone(string timeZone)
    {
        try
        {
            return CronSchedule.Parse("* * * * *", timeZone).Zone;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>"2026-11-26 03:00 +01:00 (02:00Z)": the schedule's local time, then UTC.</summary>
    private static string Both(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm:ss zzz} ({instant.UtcDateTime:HH:mm:ss}Z)");
    }
}
