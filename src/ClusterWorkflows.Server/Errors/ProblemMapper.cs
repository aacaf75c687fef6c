using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;
using Microsoft.AspNetCore.Diagnostics;

namespace ClusterWorkflows.Server.Errors;

/// <summary>
/// Every error leaves the server as RFC 9457 problem details. Known failures map to their status
/// with a message safe to show; anything else is a 500 that names only its trace id (an unexpected
/// exception's text could carry what must not leave the server).
/// </summary>
public sealed partial class ProblemMapper(IProblemDetailsService problems, ILogger<ProblemMapper> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, errors) = exception switch
        {
            ApiException api => (api.Status, api.Message, api.Errors),
            RunInputsInvalidException inputs => (400, "The inputs do not fit the workflow.", ByField(inputs.Errors, "inputs")),
            DefinitionInvalidException invalid => (400, "The runbook is invalid.", invalid.Diagnostics
                .GroupBy(d => d.Location.Line > 0 ? $"content:{d.Location.Line}:{d.Location.Column}" : "content")
                .ToDictionary(g => g.Key, g => g.Select(d => d.Message).ToArray())),
            KeyNotFoundException missing => (404, missing.Message, null),
            AlterationException conflict => (409, conflict.Message, null),
            AlterationInputException bad => (400, bad.Message, new Dictionary<string, string[]> { ["step"] = [bad.Message] }),
            DefinitionConflictException conflict => (409, conflict.Message, null),
            ApiTokenConflictException conflict => (409, conflict.Message, null),
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == 413 ? "The request body is too large." : "The request is malformed.", null),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "The client closed the request.", null),
            _ => (500, "The server failed; the trace id identifies the failure in the server's log.", (IReadOnlyDictionary<string, string[]>?)null),
        };

        if (status == 500)
        {
            logger.LogError(exception, "unhandled failure of {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        if (context.Response.HasStarted)
        {
            return true;
        }

        context.Response.StatusCode = status;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title };
        if (errors is { Count: > 0 })
        {
            details.Extensions["errors"] = ErrorCap.Limit(errors, out var more);
            if (more > 0)
            {
                details.Extensions["moreErrors"] = more;
                details.Detail = $"The first {ClusterWorkflows.Definitions.Limits.InputLimits.MaxReportedErrors} problems are listed; {more} more are not.";
            }
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    /// <summary>The binder's "input 'name': problem" lines as a map keyed by the field path (inputs.name).</summary>
    private static IReadOnlyDictionary<string, string[]> ByField(IEnumerable<string> lines, string prefix) =>
        lines.Select(line => InputProblem().Match(line) is { Success: true } m
                ? (Field: $"{prefix}.{m.Groups[1].Value}", Problem: m.Groups[2].Value)
                : (Field: prefix, Problem: line))
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray(), StringComparer.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex("^input '([^']+)': (.*)$")]
    private static partial System.Text.RegularExpressions.Regex InputProblem();
}
