namespace ClusterWorkflows.Cli.Tests;

/// <summary>
/// Issue 14: input rules declared as attributes reject a runbook at validation time, through the
/// real cw and the real activity libraries, each at its file:line with the field and the rule.
/// </summary>
public sealed class InputRuleValidationTests : IDisposable
{
    private readonly CwHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Validate_LiteralsBreakingInputRules_ReportsEachAtFileLineWithTheRule()
    {
        var file = home.Write("rules.yaml", """
            id: rules
            version: 1
            steps:
              - id: cmd
                uses: core.command@1
                with: { command: "true", timeout: 0s }
              - id: http
                uses: core.http@1
                with: { url: "http://127.0.0.1/", method: POST, body: x, json: { a: 1 } }
              - id: wait
                uses: ssh.waitFor@1
                with:
                  connection: { host: h, user: u, knownHostsFile: /k }
                  port: 0
                  portHost: "a;b"
                  interval: 0s
              - id: neither
                uses: ssh.waitFor@1
                with: { connection: { host: h, user: u, knownHostsFile: /k } }
              - id: snap
                uses: etcd.snapshot@1
                with:
                  connection: { endpoints: [], caCertificatePem: x, clientCertificatePem: y, clientKeySecret: z }
                  path: /var/backups/etcd.db
                  timeout: 0s
              - id: cert
                uses: pki.issueCertificate@1
                with: { ca: ca, commonName: n, validity: 0d }
              - id: svc
                uses: docker.waitForService@1
                with: { name: web, timeout: 0m }
              - id: remote
                uses: ssh.run@1
                with: { connection: { host: h, user: u, knownHostsFile: /k }, command: "true", timeout: 0s }
            """);

        var result = await home.RunAsync("validate", file);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stderr.Split('\n');
        void Reported(int line, string message) =>
            Assert.True(
                lines.Any(l => l.Contains($"rules.yaml:{line}:", StringComparison.Ordinal) && l.Contains(message, StringComparison.Ordinal)),
                $"expected rules.yaml:{line}: ... {message} in:\n{result.Stderr}");

        Reported(6, "input 'timeout' must be greater than zero, got '0s'");
        Reported(9, "give at most one of body and json (body and json are set) for core.http@1");
        Reported(14, "input 'port' must be a port number from 1 to 65535, got 0");
        Reported(15, "input 'portHost' must be a host name or an IP address, got 'a;b'");
        Reported(16, "input 'interval' must be greater than zero, got '0s'");
        Reported(19, "give exactly one of port and command (none is set) for ssh.waitFor@1");
        Reported(23, "input 'connection.endpoints' must not be empty, got an empty list");
        Reported(25, "input 'timeout' must be greater than zero, got '0s'");
        Reported(28, "input 'validity' must be greater than zero, got '0d'");
        Reported(31, "input 'timeout' must be greater than zero, got '0m'");
        Reported(34, "input 'timeout' must be greater than zero, got '0s'");
    }

    [Fact]
    public async Task Validate_ExpressionValues_LeavesTheRulesToRunTime()
    {
        var file = home.Write("later.yaml", """
            id: later
            version: 1
            inputs:
              t: { type: string, default: 5s }
            steps:
              - id: cmd
                uses: core.command@1
                with: { command: "true", timeout: "${{ inputs.t }}" }
            """);

        var result = await home.RunAsync("validate", file);

        Assert.True(result.ExitCode == 0, result.All);
    }
}
