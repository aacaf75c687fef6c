namespace ClusterWorkflows.Inventory.Tests;

public sealed class InventoryErrorTests
{
    [Fact]
    public void Parse_UnknownTopLevelKey_ListsTheAllowedKeysAtItsPosition()
    {
        var error = Assert.Single(TestInventories.Errors("hosts: {}\nhostz: {}\n"));

        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Equal("unknown key 'hostz' (allowed: vars, hosts, groups, knownHosts, trustOnFirstUse)", error.Message);
        Assert.Equal("inventory.yaml:2:1: unknown key 'hostz' (allowed: vars, hosts, groups, knownHosts, trustOnFirstUse)", error.ToString());
    }

    [Fact]
    public void Parse_UnknownHostAndGroupKeys_ListTheAllowedKeys()
    {
        var errors = TestInventories.Errors("""
            hosts:
              n1: { address: 10.0.0.1, adress: x }
            groups:
              g: { host: [n1] }
            """);

        Assert.Equal(2, errors.Count);
        Assert.Equal("unknown key 'adress' in host 'n1' (allowed: address, port, user, groups, vars)", errors[0].Message);
        Assert.Equal((2, 28), (errors[0].Line, errors[0].Column));
        Assert.Equal("unknown key 'host' in group 'g' (allowed: vars, children, hosts)", errors[1].Message);
        Assert.Equal((4, 8), (errors[1].Line, errors[1].Column));
    }

    [Fact]
    public void Parse_HostWithoutAddress_IsReportedAtTheHostName()
    {
        var error = Assert.Single(TestInventories.Errors("hosts:\n  n1:\n    port: 22\n"));

        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("host 'n1' has no address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HostWithNoValue_IsMissingItsAddress()
    {
        var error = Assert.Single(TestInventories.Errors("hosts:\n  n1: { address: 10.0.0.1 }\n  n2:\n"));

        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.Contains("'n2' has no address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("ssh")]
    [InlineData("22.5")]
    [InlineData("\"22\"")]
    [InlineData("[22]")]
    public void Parse_BadPort_IsReportedAtTheValue(string port)
    {
        var error = Assert.Single(TestInventories.Errors($"hosts:\n  n1: {{ address: 10.0.0.1, port: {port} }}\n"));

        Assert.Equal((2, 34), (error.Line, error.Column));
        Assert.Equal("port of host 'n1' must be an integer from 1 to 65535", error.Message);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("-bad-.example")]
    [InlineData("10.0.0.1:22")]
    public void Parse_BadAddress_IsReported(string address)
    {
        var error = Assert.Single(TestInventories.Errors($"hosts:\n  n1: {{ address: \"{address}\" }}\n"));

        Assert.Equal(2, error.Line);
        Assert.Contains("is not an IP address or DNS name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadVariableNames_AreEachReported()
    {
        var errors = TestInventories.Errors("""
            vars: { 9lives: 1, ok_name: 2, has-dash: 3 }
            hosts:
              n1: { address: 10.0.0.1, vars: { "with space": 1 } }
            groups:
              g: { vars: { "é": 1 } }
            """);

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Contains("invalid variable name", e.Message, StringComparison.Ordinal));
        Assert.Equal([(1, 9), (1, 32), (3, 36), (5, 16)], errors.Select(e => (e.Line, e.Column)));
        Assert.Contains("'9lives' in vars", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("in vars of host 'n1'", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedVariableKeys_AreFreeForm()
    {
        var inventory = TestInventories.Parse("vars: { swarm_labels: { com.example/tier: app } }\n");

        Assert.Equal("app", TestInventories.Str(inventory.Vars["swarm_labels"]!["com.example/tier"]));
    }

    [Fact]
    public void Parse_UnknownChildGroup_IsAnErrorAtTheEntry()
    {
        var error = Assert.Single(TestInventories.Errors("groups:\n  managers:\n    children: [advertiser, ghost]\n  advertiser: {}\n"));

        Assert.Equal((3, 28), (error.Line, error.Column));
        Assert.Equal("group 'managers' has unknown child group 'ghost' (declare it under 'groups')", error.Message);
    }

    [Fact]
    public void Parse_ChildrenCycle_IsReportedOnceWithItsPath()
    {
        var errors = TestInventories.Errors("""
            groups:
              a: { children: [b] }
              b: { children: [c] }
              c: { children: [a] }
              d: { children: [d] }
              e: {}
            """);

        Assert.Equal(2, errors.Count);
        Assert.Equal("group children form a cycle: a -> b -> c -> a", errors[0].Message);
        Assert.Equal((2, 19), (errors[0].Line, errors[0].Column));
        Assert.Equal("group children form a cycle: d -> d", errors[1].Message);
    }

    [Fact]
    public void Parse_GroupBelowACycle_IsNotReportedAsACycleItself()
    {
        var error = Assert.Single(TestInventories.Errors("groups:\n  a: { children: [b] }\n  b: { children: [a, leaf] }\n  leaf: {}\n"));

        Assert.Equal("group children form a cycle: a -> b -> a", error.Message);
    }

    [Fact]
    public void Parse_DuplicateHost_IsReportedAndOtherErrorsStillAre()
    {
        var errors = TestInventories.Errors("""
            hosts:
              node1: { address: 10.0.0.1 }
              node1: { address: 10.0.0.2 }
              node2: { address: 10.0.0.3, port: 0 }
            """);

        Assert.Equal(2, errors.Count);
        Assert.Equal((3, 3), (errors[0].Line, errors[0].Column));
        Assert.Equal("duplicate key 'node1' (first defined at line 2, column 3)", errors[0].Message);
        Assert.Contains("port of host 'node2'", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_AreAllReportedInFileOrder()
    {
        var errors = TestInventories.Errors("""
            vars: { bad-name: 1 }
            hosts:
              n1: { address: 10.0.0.1, port: 99999, groups: [managers] }
              n2: { groups: [workers] }
            groups:
              managers: { children: [nobody] }
              workers: { hosts: [n3] }
            trustOnFirstUse: maybe
            extra: 1
            """);

        Assert.Equal(
            [
                (1, 9, "invalid variable name 'bad-name' in vars (must match ^[A-Za-z_][A-Za-z0-9_]*$)"),
                (3, 34, "port of host 'n1' must be an integer from 1 to 65535"),
                (4, 3, "host 'n2' has no address (required: IP address or DNS name)"),
                (6, 26, "group 'managers' has unknown child group 'nobody' (declare it under 'groups')"),
                (7, 22, "group 'workers' lists unknown host 'n3' (declare it under 'hosts')"),
                (8, 18, "trustOnFirstUse must be true or false"),
                (9, 1, "unknown key 'extra' (allowed: vars, hosts, groups, knownHosts, trustOnFirstUse)"),
            ],
            errors.Select(e => (e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void Parse_NameUsedForHostAndGroup_IsAnError()
    {
        var error = Assert.Single(TestInventories.Errors("hosts:\n  db: { address: 10.0.0.1 }\ngroups:\n  db: {}\n"));

        Assert.Equal("'db' is both a host and a group; rename one of them", error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Parse_AllGroup_CannotBeDeclaredOrListed()
    {
        var errors = TestInventories.Errors("hosts:\n  n1: { address: 10.0.0.1, groups: [all] }\ngroups:\n  all: {}\n");

        Assert.Equal(2, errors.Count);
        Assert.Contains("'all' is implicit", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("group 'all' is implicit", errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hosts:\n  \"bad name\": { address: 10.0.0.1 }\n", "invalid host name 'bad name'")]
    [InlineData("hosts:\n  n1: { address: 10.0.0.1, groups: [\"web:prod\"] }\n", "invalid group name 'web:prod'")]
    [InlineData("hosts:\n  n1: { address: 10.0.0.1, groups: managers }\n", "groups of host 'n1' must be a list")]
    [InlineData("hosts: [n1, n2]\n", "'hosts' must be a mapping")]
    [InlineData("hosts:\n  n1: 10.0.0.1\n", "host 'n1' must be a mapping with the keys address, port, user, groups, vars")]
    [InlineData("vars: [a]\n", "'vars' must be a mapping")]
    [InlineData("knownHosts: [a]\n", "knownHosts must be a non-empty text value")]
    [InlineData("hosts:\n  n1: { address: [10.0.0.1] }\n", "address of host 'n1' must be a non-empty text value")]
    [InlineData("vars: { key: { secret: \"\" } }\n", "a secret reference is { secret: name }")]
    [InlineData("vars: { key: { secret: [a] } }\n", "a secret reference is { secret: name }")]
    [InlineData("vars: { key: !vault abc }\n", "tag '!vault' does not fit this value or is not supported")]
    [InlineData("vars: { key: !!int abc }\n", "does not fit this value")]
    [InlineData("- a\n- b\n", "an inventory is a mapping")]
    [InlineData("hosts: {}\n---\nhosts: {}\n", "only one YAML document")]
    [InlineData("hosts:\n  n1: { address: 10.0.0.1\n", "invalid YAML")]
    [InlineData("vars:\n  a: 1\n   b: 2\n", "invalid YAML")]
    [InlineData("vars: { a: *missing }\n", "invalid YAML")]
    public void Parse_BadInput_ReportsAClearError(string yaml, string expected)
    {
        var errors = TestInventories.Errors(yaml);

        var error = Assert.Single(errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.True(e.Line > 0 && e.Column > 0, e.ToString()));
    }

    [Fact]
    public void Parse_UnsupportedTag_DoesNotEchoTheValue()
    {
        var error = Assert.Single(TestInventories.Errors("vars: { db_password: !vault hunter2-plaintext }\n"));

        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("{")]
    [InlineData(":::")]
    [InlineData("\t\tx: y")]
    [InlineData("hosts: 5")]
    [InlineData("hosts:\n  ? [complex]\n  : { address: x }\n")]
    [InlineData("vars: &a { x: *a }")]
    [InlineData("vars:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n")]
    [InlineData("\0\u0001\u0002")]
    [InlineData("hosts:\n  n1:\n    groups: [[a]]\n    vars: { x: [1, {y: [2]}] }\n")]
    public void Parse_GarbageOrHostileInput_ReturnsErrorsWithoutThrowing(string yaml)
    {
        var result = InventoryLoader.Parse(yaml, "garbage.yaml");

        Assert.Null(result.Inventory);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal("garbage.yaml", e.File));
    }
}
