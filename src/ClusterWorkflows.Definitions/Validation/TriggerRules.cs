using System.Text.RegularExpressions;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;
using Cronos;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>Cron schedules (Cronos syntax, IANA time zones, literal inputs) and HTTP endpoints.</summary>
internal sealed partial class TriggerRules(ValidationContext context)
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static readonly string[] AuthModes = ["hmac", "bearer", "none"];

    public static readonly string[] Formats = ["json", "alertmanager"];

    /// <summary>The secret store's name rule, repeated here because definitions do not depend on the store.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex SecretName();

    [GeneratedRegex(@"^/[A-Za-z0-9._~/{}-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex HttpPath();

    /// <summary>A cron trigger's name: no '/', because the schedule id is <c>definitionId/name</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex ScheduleName();

    public void Check()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trigger in context.Definition.Triggers)
        {
            switch (trigger)
            {
                case CronTrigger cron:
                    CheckCron(cron);
                    break;
                case HttpTrigger http:
                    CheckHttp(http, paths);
                    break;
            }
        }

        CheckScheduleNames();
    }

    private void CheckScheduleNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, cron) in context.Definition.CronTriggers())
        {
            if (cron.ReportedFields.Contains("name"))
            {
                continue;
            }

            var location = cron.Name is null ? cron.Location : cron.At("name");
            if (!ScheduleName().IsMatch(name))
            {
                context.Report(
                    DiagnosticCodes.InvalidValue,
                    $"trigger name '{name}' must start with a letter or digit and use only letters, digits and . _ - (it names the schedule '{context.Definition.Id}/{name}')",
                    location,
                    null);
            }
            else if (!names.Add(name))
            {
                context.Report(
                    DiagnosticCodes.InvalidValue,
                    cron.Name is null
                        ? $"this cron trigger's default name '{name}' is already used by another trigger; give the triggers distinct names"
                        : $"trigger name '{name}' is used by more than one cron trigger",
                    location,
                    null);
            }
        }
    }

    private void CheckCron(CronTrigger cron)
    {
        if (!cron.ReportedFields.Contains("cron"))
        {
            if (ParseCron(cron.Schedule) is { } problem)
            {
                context.Report(DiagnosticCodes.InvalidCron, problem, cron.At("cron"), null);
            }
        }

        if (!cron.ReportedFields.Contains("timezone") && FindTimeZone(cron.TimeZone) is null)
        {
            var ids = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id);
            context.Report(
                DiagnosticCodes.UnknownTimeZone,
                $"unknown time zone '{cron.TimeZone}'{Suggestions.DidYouMean(cron.TimeZone, ids)}; use an IANA name like Europe/Madrid, or UTC",
                cron.At("timezone"),
                null);
        }

        if (!cron.ReportedFields.Contains("catchUpWindow") && cron.CatchUpWindow <= TimeSpan.Zero)
        {
            context.Report(DiagnosticCodes.InvalidValue, "'catchUpWindow' must be longer than zero (for example 6h)", cron.At("catchUpWindow"), null);
        }

        CheckCronInputs(cron);
    }

    /// <summary>Null when <paramref name="schedule"/> is a valid cron expression of 5 fields, or 6 with seconds first.</summary>
    public static string? ParseCron(string schedule)
    {
        var fields = schedule.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var format = fields.Length switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            1 when fields[0].StartsWith('@') => CronFormat.Standard,
            _ => (CronFormat?)null,
        };
        if (format is null)
        {
            return $"cron '{schedule}' has {fields.Length} fields; write 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)";
        }

        try
        {
            CronExpression.Parse(schedule.Trim(), format.Value);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"invalid cron '{schedule}': {ex.Message}";
        }
    }

    public static TimeZoneInfo? FindTimeZone(string id)
    {
        try
        {
            return string.IsNullOrWhiteSpace(id) ? null : TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        // A directory name such as "Europe/" is found on disk but cannot be read as a zone: SecurityException.
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException)
        {
            return null;
        }
    }

    private void CheckCronInputs(CronTrigger cron)
    {
        var declared = context.Definition.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var (name, value) in cron.Inputs)
        {
            var location = cron.At($"inputs.{name}");
            if (!declared.TryGetValue(name, out var input))
            {
                context.Report(
                    DiagnosticCodes.TriggerUnknownInput,
                    $"the trigger sets input '{name}', which the workflow does not declare{Suggestions.DidYouMean(name, declared.Keys)}",
                    location,
                    null);
            }
            else if (Template.IsExpressionNode(value))
            {
                context.Report(DiagnosticCodes.TriggerInputValue, $"trigger input '{name}' must be a literal value: ${{{{ }}}} is not evaluated in triggers", location, null);
            }
            else if (value is not null && LiteralValues.Problem(input, value) is { } problem)
            {
                context.Report(DiagnosticCodes.TriggerInputValue, $"trigger {problem}", location, null);
            }
        }

        foreach (var input in context.Definition.Inputs)
        {
            if (input.Required && input.Default is null && !cron.Inputs.ContainsKey(input.Name))
            {
                context.Report(
                    DiagnosticCodes.TriggerMissingInput,
                    $"the workflow requires input '{input.Name}', which this trigger does not set (add it under the trigger's inputs)",
                    cron.Location,
                    null);
            }
        }
    }

    private void CheckHttp(HttpTrigger http, HashSet<string> paths)
    {
        if (!http.ReportedFields.Contains("http.path"))
        {
            if (!HttpPath().IsMatch(http.Path))
            {
                context.Report(DiagnosticCodes.InvalidHttpPath, $"http path '{http.Path}' must start with '/' and use only letters, digits and . _ ~ - / {{ }}", http.At("http.path"), null);
            }
            else if (!paths.Add(http.Path))
            {
                context.Report(DiagnosticCodes.InvalidHttpPath, $"http path '{http.Path}' is used by more than one trigger", http.At("http.path"), null);
            }
        }

        if (!http.ReportedFields.Contains("http.methods"))
        {
            if (http.Methods.Count == 0)
            {
                context.Report(DiagnosticCodes.InvalidHttpMethod, "'methods' is empty; list at least one (for example [POST])", http.At("http.methods"), null);
            }

            foreach (var method in http.Methods.Where(m => !Methods.Contains(m, StringComparer.Ordinal)))
            {
                context.Report(DiagnosticCodes.InvalidHttpMethod, $"unknown http method '{method}'; allowed: {string.Join(", ", Methods)}", http.At("http.methods"), null);
            }
        }

        if (http.Auth is { } auth && !http.ReportedFields.Contains("http.auth") && !AuthModes.Contains(auth, StringComparer.Ordinal))
        {
            context.Report(DiagnosticCodes.InvalidValue, $"http auth must be one of {string.Join(", ", AuthModes)}, got '{auth}'", http.At("http.auth"), null);
        }

        var needsSecret = http.Auth is "hmac" or "bearer";
        if (needsSecret && http.Secret is null && !http.ReportedFields.Contains("http.secret"))
        {
            context.Report(DiagnosticCodes.MissingKey, $"http auth '{http.Auth}' needs 'secret': the name of the secret holding the shared {(http.Auth == "hmac" ? "key" : "token")}", http.At("http.auth"), null);
        }
        else if (!needsSecret && http.Secret is not null)
        {
            context.Report(DiagnosticCodes.InvalidValue, "'secret' goes with auth hmac or bearer only", http.At("http.secret"), null);
        }
        else if (http.Secret is { } secret && !SecretName().IsMatch(secret))
        {
            context.Report(DiagnosticCodes.InvalidValue, $"'{secret}' is not a secret name (letters, digits, _ . -, starting with a letter or _)", http.At("http.secret"), null);
        }

        if (!http.ReportedFields.Contains("http.format") && !Formats.Contains(http.Format, StringComparer.Ordinal))
        {
            context.Report(DiagnosticCodes.InvalidValue, $"http format must be one of {string.Join(", ", Formats)}, got '{http.Format}'", http.At("http.format"), null);
        }
    }
}
