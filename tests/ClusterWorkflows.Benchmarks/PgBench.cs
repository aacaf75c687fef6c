using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ClusterWorkflows.Testing.Postgres;

namespace ClusterWorkflows.Benchmarks;

/// <summary>
/// The physical limit of the same PostgreSQL: pgbench running a single-row UPDATE per
/// transaction (each client its own row, so no lock waits), with the given number of clients.
/// </summary>
public static partial class PgBench
{
    [GeneratedRegex(@"tps = ([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Tps();

    public static async Task<double> MeasureAsync(PostgresServer server, int clients, TimeSpan duration)
    {
        var database = await server.CreateDatabaseAsync("pgbench_" + Guid.NewGuid().ToString("N")[..8]);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(database);
        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand(
                $"CREATE TABLE bench (id int PRIMARY KEY, n bigint NOT NULL); INSERT INTO bench SELECT g, 0 FROM generate_series(1, {clients}) g;", connection);
            await create.ExecuteNonQueryAsync();
        }

        var script = Path.Combine(Path.GetTempPath(), $"pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, "UPDATE bench SET n = n + 1 WHERE id = :client_id + 1;\n");
        try
        {
            var pgbench = File.Exists(Path.Combine(server.BinDirectory, "pgbench")) ? Path.Combine(server.BinDirectory, "pgbench") : "pgbench";
            var psi = new ProcessStartInfo(pgbench)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "-n", "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-f", script, builder.Database! })
            {
                psi.ArgumentList.Add(a);
            }

            using var process = Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var match = Tps().Match(output);
            return match.Success
                ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {output}{error}");
        }
        finally
        {
            File.Delete(script);
        }
    }
}
