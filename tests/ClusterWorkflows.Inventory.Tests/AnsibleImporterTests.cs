using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Tests;

public sealed class AnsibleImporterTests
{
    [Theory]
    [InlineData("node[01:03]", "node01,node02,node03")]
    [InlineData("node[1:3]", "node1,node2,node3")]
    [InlineData("node[8:11]", "node8,node9,node10,node11")]
    [InlineData("node[a:c]", "nodea,nodeb,nodec")]
    [InlineData("db-[1:7:3].lab", "db-1.lab,db-4.lab,db-7.lab")]
    [InlineData("r[1:2]-u[a:b]", "r1-ua,r1-ub,r2-ua,r2-ub")]
    [InlineData("[:2]x", "0x,1x,2x")]
    public void Import_HostRange_ExpandsLikeAnsible(string pattern, string expected)
    {
        var inventory = TestInventories.Import($"[web]\n{pattern}\n");

        Assert.Equal(expected, string.Join(",", inventory.Hosts.Keys));
        Assert.All(inventory.Hosts.Values, h => Assert.Equal(["web"], h.Groups));
    }

    [Theory]
    [InlineData("node[3:1]", "the start is greater than the end")]
    [InlineData("node[01:3]", "same length")]
    [InlineData("node[1:c]", "both be numbers or both be letters")]
    [InlineData("node[1:3:0]", "step must be a positive integer")]
    [InlineData("node[1-3]", "expected [start:end]")]
    [InlineData("node[1:3", "unclosed '['")]
    [InlineData("node[0:99999]", "more than 10000 hosts")]
    public void Import_BadHostRange_IsAnErrorOnItsLine(string pattern, string expected)
    {
        var result = AnsibleInventoryImporter.Import($"# header\n[web]\n  {pattern}\n", "hosts.ini");

        Assert.Null(result.Inventory);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("hosts.ini", 3, 3), (error.File, error.Line, error.Column));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_HostLineVariables_AreTypedAndAnsibleConnectionVarsMapped()
    {
        var inventory = TestInventories.Import("""
            [app]
            web1 ansible_host=10.0.0.5 ansible_port=2222 ansible_user=deploy count=3 enabled=True off=false version=20.10 mode=0755 label="two words" quoted='42' neg=-4
            """);

        var host = inventory.Hosts["web1"];
        Assert.Equal(("10.0.0.5", 2222, "deploy"), (host.Address, host.Port, host.User));
        Assert.Equal(3L, host.Vars["count"]!.GetValue<long>());
        Assert.True(host.Vars["enabled"]!.GetValue<bool>());
        Assert.False(host.Vars["off"]!.GetValue<bool>());
        Assert.Equal("20.10", TestInventories.Str(host.Vars["version"]));
        Assert.Equal("0755", TestInventories.Str(host.Vars["mode"]));
        Assert.Equal("two words", TestInventories.Str(host.Vars["label"]));
        Assert.Equal("42", TestInventories.Str(host.Vars["quoted"]));
        Assert.Equal(-4L, host.Vars["neg"]!.GetValue<long>());
        Assert.False(host.Vars.ContainsKey("ansible_host"));
        Assert.False(host.Vars.ContainsKey("ansible_port"));
        Assert.False(host.Vars.ContainsKey("ansible_user"));
    }

    [Fact]
    public void Import_HostWithoutAnsibleHost_UsesItsNameAsAddressAndHostPortForm()
    {
        var inventory = TestInventories.Import("[db]\ndb1.lab.example.com\n10.0.0.9:2201\nold ansible_ssh_host=10.0.0.8 ansible_ssh_port=2202 ansible_ssh_user=legacy\n");

        Assert.Equal("db1.lab.example.com", inventory.Hosts["db1.lab.example.com"].Address);
        Assert.Equal(22, inventory.Hosts["db1.lab.example.com"].Port);
        Assert.Equal(("10.0.0.9", 2201), (inventory.Hosts["10.0.0.9"].Address, inventory.Hosts["10.0.0.9"].Port));
        Assert.Equal(("10.0.0.8", 2202, "legacy"), (inventory.Hosts["old"].Address, inventory.Hosts["old"].Port, inventory.Hosts["old"].User));
    }

    [Fact]
    public void Import_SectionsCommentsAndUngroupedHosts_AreRead()
    {
        var inventory = TestInventories.Import("""
            # comment
            ; another comment
            bastion ansible_host=bastion.example.com   # inline comment

            [ungrouped]
            jump2 ansible_host=10.0.0.2
            [all]
            jump3 ansible_host=10.0.0.3

            [web]
            web1 ansible_host=10.0.1.1
            """);

        Assert.Equal(["bastion", "jump2", "jump3", "web1"], inventory.Hosts.Keys);
        Assert.Empty(inventory.Hosts["bastion"].Groups);
        Assert.Empty(inventory.Hosts["jump2"].Groups);
        Assert.Empty(inventory.Hosts["jump3"].Groups);
        Assert.Equal("bastion.example.com", inventory.Hosts["bastion"].Address);
        Assert.Equal(["all", "web"], inventory.Groups.Keys);
    }

    [Fact]
    public void Import_VarsAndChildrenSections_BecomeGroupVarsAndChildren()
    {
        var inventory = TestInventories.Import("""
            [web]
            w1
            [db]
            d1
            [prod:children]
            web
            db
            [prod:vars]
            env = production   # trailing comment
            motd=Welcome to prod
            retries=5
            [all:vars]
            ntp_server=pool.ntp.org
            """);

        var prod = inventory.Groups["prod"];
        Assert.Equal(["db", "web"], prod.Children);
        Assert.Equal(["d1", "w1"], prod.Hosts);
        Assert.Equal("production", TestInventories.Str(prod.Vars["env"]));
        Assert.Equal("Welcome to prod", TestInventories.Str(prod.Vars["motd"]));
        Assert.Equal(5L, prod.Vars["retries"]!.GetValue<long>());
        Assert.Equal("pool.ntp.org", TestInventories.Str(inventory.Vars["ntp_server"]));
        Assert.Equal("production", TestInventories.Str(inventory.Hosts["w1"].Vars["env"]));
        Assert.Equal(["prod", "web"], inventory.Hosts["w1"].Groups);
    }

    [Fact]
    public void Import_ChildNamingAnUndeclaredGroup_CreatesIt()
    {
        var inventory = TestInventories.Import("[parent:children]\nlater\n[later]\nh1\n");

        Assert.Equal(["h1"], inventory.Groups["parent"].Hosts);
        Assert.Equal(["later", "parent"], inventory.Hosts["h1"].Groups);
    }

    [Fact]
    public void Import_GroupLevelUserAndPort_ApplyToHostsByPrecedence()
    {
        var inventory = TestInventories.Import("""
            [web]
            w1
            w2 ansible_port=2200 ansible_user=root
            [db]
            d1
            d2:2300
            [web:vars]
            ansible_port=2222
            [db:vars]
            ansible_user=dbadmin
            [all:vars]
            ansible_port=2022
            ansible_user=admin
            """);

        Assert.Equal((2222, "admin"), (inventory.Hosts["w1"].Port, inventory.Hosts["w1"].User));
        Assert.Equal((2200, "root"), (inventory.Hosts["w2"].Port, inventory.Hosts["w2"].User));
        Assert.Equal((2022, "dbadmin"), (inventory.Hosts["d1"].Port, inventory.Hosts["d1"].User));
        Assert.Equal(2300, inventory.Hosts["d2"].Port);
        Assert.Equal("admin", TestInventories.Str(inventory.Vars["ssh_user"]));
        Assert.False(inventory.Vars.ContainsKey("ansible_port"));
        Assert.False(inventory.Groups["web"].Vars.ContainsKey("ansible_port"));
        Assert.False(inventory.Hosts["w1"].Vars.ContainsKey("ansible_port"));
    }

    [Fact]
    public void Import_SecretVariables_BecomeReferencesWithWarnings()
    {
        var result = AnsibleInventoryImporter.Import("""
            [db]
            db1 ansible_host=10.0.0.1 ansible_password=hunter2 api_token=tok-123
            db2 ansible_host=10.0.0.2
            [db:vars]
            mysql_root_password="r00t pw"
            repl_secret=abc
            [all:vars]
            ansible_become_password=sudo-pw
            s3_secret_key=AKIAPLAIN
            ansible_ssh_pass=sshpw
            """, "hosts.ini");

        Assert.Empty(result.Errors);
        var inventory = result.Inventory!;
        Assert.Equal(
            ["all_ansible_become_password", "all_ansible_ssh_pass", "all_s3_secret_key", "db1_ansible_password", "db1_api_token", "db_mysql_root_password", "db_repl_secret"],
            inventory.SecretReferences().Select(r => r.Name));
        Assert.Equal("""{"secret":"db1_ansible_password"}""", inventory.Hosts["db1"].Vars["ansible_password"]!.ToJsonString());
        Assert.Equal("""{"secret":"db_mysql_root_password"}""", inventory.Hosts["db2"].Vars["mysql_root_password"]!.ToJsonString());
        Assert.Equal(7, result.Warnings.Count);
        Assert.Contains(result.Warnings, w => w.StartsWith("hosts.ini:2: 'ansible_password' of host 'db1'", StringComparison.Ordinal)
            && w.EndsWith("cw secret set db1_ansible_password", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("hosts.ini:8: 'ansible_become_password' of [all:vars]", StringComparison.Ordinal)
            && w.Contains("cw secret set all_ansible_become_password", StringComparison.Ordinal));
        var everything = string.Join("\n", result.Warnings) + TestInventories.Canonical(inventory).ToJsonString();
        foreach (var plaintext in new[] { "hunter2", "tok-123", "r00t pw", "abc", "sudo-pw", "AKIAPLAIN", "sshpw" })
        {
            Assert.DoesNotContain(plaintext, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Import_SecretLookingNamesWithoutInlineSecret_AreKept()
    {
        var result = AnsibleInventoryImporter.Import("""
            [all:vars]
            use_key=true
            empty_token=
            db_password="{{ vault_db_password }}"
            ansible_ssh_private_key_file=~/.ssh/lab_ed25519
            """, "hosts.ini");

        var vars = result.Inventory!.Vars;
        Assert.True(vars["use_key"]!.GetValue<bool>());
        Assert.Equal("", TestInventories.Str(vars["empty_token"]));
        Assert.Equal("{{ vault_db_password }}", TestInventories.Str(vars["db_password"]));
        Assert.Equal("~/.ssh/lab_ed25519", TestInventories.Str(vars["ansible_ssh_private_key_file"]));
        Assert.Empty(result.Inventory.SecretReferences());
        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("Jinja template", result.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("secret store", result.Warnings[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[web]\nw1 ansible_port=ssh\n", 2, "ansible_port of host 'w1' must be an integer from 1 to 65535")]
    [InlineData("[web]\nw1 ansible_port=70000\n", 2, "ansible_port of host 'w1' must be an integer")]
    [InlineData("[web:vars]\nansible_port=x\n", 2, "ansible_port of group 'web' must be an integer")]
    [InlineData("[web]\nw1 ansible_host=\"not valid\"\n", 2, "ansible_host of host 'w1' is not an IP address or DNS name")]
    [InlineData("[web]\nw1 just-a-word\n", 2, "expected key=value after the host name")]
    [InlineData("[web]\nw1 bad-name=1\n", 2, "invalid variable name 'bad-name'")]
    [InlineData("[web]\nw1 label=\"open\n", 2, "unterminated \" quote")]
    [InlineData("[web:hosts]\nw1\n", 1, "unknown section kind ':hosts'")]
    [InlineData("[web app]\n", 1, "invalid section header")]
    [InlineData("[web:vars]\njust text\n", 2, "expected key=value in a :vars section")]
    [InlineData("[web:vars]\n9x=1\n", 2, "invalid variable name '9x'")]
    [InlineData("[web:children]\nall\n", 2, "'all' cannot be a child group")]
    [InlineData("[a:children]\nb\n[b:children]\na\n", 2, "group children form a cycle: a -> b -> a")]
    [InlineData("[web]\ndb\n[db]\nx\n", 3, "'db' is both a host and a group")]
    [InlineData("[ungrouped:vars]\nx=1\n", 1, "[ungrouped:vars] is not supported")]
    public void Import_BadInput_IsAnErrorWithItsLine(string ini, int line, string expected)
    {
        var result = AnsibleInventoryImporter.Import(ini, "hosts.ini");

        Assert.Null(result.Inventory);
        Assert.Contains(result.Errors, e => e.Line == line && e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Import_BadKeyValue_DoesNotEchoTheToken()
    {
        var result = AnsibleInventoryImporter.Import("[web]\nw1 ansible_password hunter2\n", "hosts.ini");

        Assert.NotEmpty(result.Errors);
        Assert.DoesNotContain("hunter2", string.Join("\n", result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Import_SeveralProblems_AreAllReported()
    {
        var result = AnsibleInventoryImporter.Import("[web]\nw[3:1]\nw2 ansible_port=0\n[web:nope]\n[db:vars]\nnot a pair\n", "hosts.ini");

        Assert.Equal([2, 3, 4, 6], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Import_SameHostInSeveralSections_MergesGroupsAndVars()
    {
        var inventory = TestInventories.Import("[a]\nh1 x=1 y=1\n[b]\nh1 y=2\n");

        Assert.Equal(["a", "b"], inventory.Hosts["h1"].Groups);
        Assert.Equal(1L, inventory.Hosts["h1"].Vars["x"]!.GetValue<long>());
        Assert.Equal(2L, inventory.Hosts["h1"].Vars["y"]!.GetValue<long>());
    }

    [Fact]
    public void Import_WindowsLineEndings_AreAccepted()
    {
        var inventory = TestInventories.Import("[web]\r\nw1 ansible_host=10.0.0.1\r\n[web:vars]\r\nenv=prod\r\n");

        Assert.Equal("10.0.0.1", inventory.Hosts["w1"].Address);
        Assert.Equal("prod", TestInventories.Str(inventory.Hosts["w1"].Vars["env"]));
    }
}
