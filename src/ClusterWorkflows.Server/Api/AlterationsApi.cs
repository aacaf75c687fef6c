using System.Text.Json.Nodes;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Server.Auth;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Errors;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Api;

/// <summary>
/// Operator decisions on a run (retry, skip, resume-from, cancel, approve, reject). Each takes a
/// reason, is audited by the engine with the caller and where the call came from, and answers 409
/// when the run is not in a state that allows it. Fields are checked (400) before the run (404).
/// </summary>
public static class AlterationsApi
{
    /// <summary>The call to make once the body's fields are known to be valid.</summary>
    private delegate Task<RunRecord> Decision(RunAlterations alter, Guid id, Actor actor, CancellationToken ct);

    /// <summary>Reads the body's own fields (problems go to errors) and returns the decision.</summary>
    private delegate Decision Reader(JsonObject body, FieldErrors errors);

    public static void MapRunAlterations(this RouteGroupBuilder runs)
    {
        Map(runs, "retry", ["step", "inputs", "reason"], "Retry the faulted step(s), optionally with edited inputs.", (body, errors) =>
        {
            var step = RequestJson.String(body, "step", errors, maxLength: StepTree.MaxPathLength);
            var inputs = (JsonObject?)RequestJson.Object(body, "inputs", errors)?.DeepClone();
            return (alter, id, actor, ct) => alter.RetryAsync(id, step, inputs, actor, ct);
        });
        Map(runs, "skip", ["step", "outputs", "reason"], "Skip a step with given outputs and continue.", (body, errors) =>
        {
            var step = RequestJson.String(body, "step", errors, required: true, maxLength: StepTree.MaxPathLength);
            var outputs = (JsonObject?)RequestJson.Object(body, "outputs", errors)?.DeepClone();
            return (alter, id, actor, ct) => alter.SkipAsync(id, step!, outputs, actor, ct);
        });
        Map(runs, "resume-from", ["step", "reason"], "Run again from a chosen step.", (body, errors) =>
        {
            var step = RequestJson.String(body, "step", errors, required: true, maxLength: StepTree.MaxPathLength);
            return (alter, id, actor, ct) => alter.ResumeFromAsync(id, step!, actor, ct);
        });
        Map(runs, "cancel", ["reason"], "Cancel the run (its finally blocks run).", (_, _) => (alter, id, actor, ct) => alter.CancelAsync(id, actor, ct));
        Map(runs, "approve", ["step", "reason"], "Approve a waiting approval step.", (body, errors) => Decide(body, errors, approve: true));
        Map(runs, "reject", ["step", "reason"], "Reject a waiting approval step.", (body, errors) => Decide(body, errors, approve: false));
    }

    private static void Map(RouteGroupBuilder runs, string name, string[] fields, string summary, Reader read) =>
        runs.MapPost("/{id:guid}/" + name, async (Guid id, HttpContext context, EngineHost host, CancellationToken ct) =>
            {
                var body = context.Request.ContentLength is 0 && context.Request.ContentType is null
                    ? []
                    : await RequestJson.ReadObjectAsync(context.Request, fields, ct);
                var errors = new FieldErrors();
                var reason = RequestJson.String(body, "reason", errors, maxLength: 2000);
                var decision = read(body, errors);
                errors.ThrowIfAny();
                _ = await host.Services.Store.GetRunAsync(id, ct) ?? throw ApiException.NotFound($"There is no run {id}.");
                var run = await decision(host.Alterations, id, new Actor(context.User.Actor(), reason, AuditTrail.Source(context), context.User.RoleSet()), ct);
                AuditTrail.MarkWritten(context);
                return Results.Json(Views.Run(run));
            })
            .RequireAuthorization(Roles.Operator)
            .WithSummary(summary);

    private static Decision Decide(JsonObject body, FieldErrors errors, bool approve)
    {
        var step = RequestJson.String(body, "step", errors, maxLength: StepTree.MaxPathLength);
        return (alter, id, actor, ct) => alter.DecideAsync(id, step, approve, actor, ct);
    }
}
