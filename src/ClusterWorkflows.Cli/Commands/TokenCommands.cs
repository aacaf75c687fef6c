using System.CommandLine;
using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Store;
using Spectre.Console;

namespace ClusterWorkflows.Cli.Commands;

/// <summary>
/// <c>cw token</c>: API tokens of the server, managed on its database directly (the way to make the
/// first ones, or to recover access). A new token is printed once; only its hash is stored.
/// </summary>
public static class TokenCommands
{
    public static Command Create()
    {
        var group = new Command("token", "API tokens for the server (roles viewer, operator, admin); works on the database directly.");
        var name = new Option<string>("--name") { Description = "Who or what uses the token (shown in the audit log).", Required = true };
        var role = new Option<string>("--role") { Description = "viewer (reads), operator (runs, approves, alters) or admin (also definitions, schedules, secrets, tokens).", Required = true };
        var create = new Command("create", "Create a token and print it (once).") { name, role };
        create.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var services = await GlobalOptions.EngineAsync(parse, null, ct);
            await using var store = services.Store;
            var (token, record) = ApiTokens.Issue(parse.GetValue(name)!, parse.GetValue(role)!, GlobalOptions.Actor(null), DateTimeOffset.UtcNow);
            await Server(store).CreateApiTokenAsync(record, ct);
            await store.AppendAuditAsync(new AuditRecord(0, DateTimeOffset.UtcNow, GlobalOptions.Actor(null), "token.create", null, null, null,
                new JsonObject { ["id"] = record.Id, ["name"] = record.Name, ["role"] = record.Role }, "cli"), ct);
            Console.Error.WriteLine($"token {record.Id} ({record.Role}) for {record.Name}; it is shown only now:");
            Console.WriteLine(token);
            return ExitCodes.Ok;
        }));

        var list = new Command("list", "List tokens (never their secrets).");
        list.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var services = await GlobalOptions.EngineAsync(parse, null, ct);
            await using var store = services.Store;
            var table = new Table().Border(TableBorder.Simple).AddColumns("Id", "Name", "Role", "Created", "Last used", "Revoked");
            foreach (var t in await Server(store).ListApiTokensAsync(ct))
            {
                table.AddRow(t.Id, Terminal.Esc(t.Name), t.Role, $"{t.CreatedAt:u}", t.LastUsedAt is { } used ? $"{used:u}" : "-", t.RevokedAt is { } revoked ? $"{revoked:u}" : "-");
            }

            Terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));

        var id = new Argument<string>("id") { Description = "Token id (from cw token list)." };
        var revoke = new Command("revoke", "Revoke a token (servers stop accepting it within 10 seconds).") { id };
        revoke.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var services = await GlobalOptions.EngineAsync(parse, null, ct);
            await using var store = services.Store;
            if (!await Server(store).RevokeApiTokenAsync(parse.GetValue(id)!, DateTimeOffset.UtcNow, ct))
            {
                throw new UsageException($"there is no token '{parse.GetValue(id)}'");
            }

            await store.AppendAuditAsync(new AuditRecord(0, DateTimeOffset.UtcNow, GlobalOptions.Actor(null), "token.revoke", null, null, null, new JsonObject { ["id"] = parse.GetValue(id) }, "cli"), ct);
            Terminal.Out.MarkupLine($"token {Terminal.Esc(parse.GetValue(id))} revoked");
            return ExitCodes.Ok;
        }));

        group.Subcommands.Add(create);
        group.Subcommands.Add(list);
        group.Subcommands.Add(revoke);
        return group;
    }

    private static IServerStore Server(IWorkflowStore store) =>
        store as IServerStore ?? throw new InvalidOperationException($"the store {store.GetType().Name} keeps no API tokens");
}
