using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Tests;

public sealed class InventoryJsonTests
{
    private const string WithSecrets = """
        vars:
          ssh_key: { secret: lab_ssh_key }
          s3: { bucket: backups, credentials: [{ secret: s3_access }, { secret: s3_secret }] }
        hosts:
          node1: { address: 10.0.0.1, groups: [db], vars: { root_pw: { secret: db_root } } }
          node2: { address: 10.0.0.2, user: ops }
        groups:
          db: { vars: { repl_pw: { secret: db_repl }, again: { secret: lab_ssh_key } } }
        """;

    [Fact]
    public void ToJson_WithoutResolver_HasTheDocumentedShapeAndKeepsReferences()
    {
        var inventory = TestInventories.Parse(TestInventories.Example);

        var json = inventory.ToJson();

        var expectedNode2 = JsonNode.Parse("""
            {
              "name": "node2", "address": "10.77.0.12", "port": 22, "user": "admin", "groups": ["db", "workers"],
              "vars": { "docker_version": "20.10", "ssh_user": "admin", "ssh_key": { "secret": "lab_ssh_key" } }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expectedNode2, json["hosts"]!["node2"]), json["hosts"]!["node2"]!.ToJsonString());
        Assert.Equal(["node1", "node2"], json["hosts"]!.AsObject().Select(p => p.Key));
        Assert.Equal("""["node1"]""", json["groups"]!["managers"]!.ToJsonString());
        Assert.Equal("""["node1","node2"]""", json["groups"]!["all"]!.ToJsonString());
        Assert.Equal("""{"secret":"lab_ssh_key"}""", json["vars"]!["ssh_key"]!.ToJsonString());
    }

    [Fact]
    public void ToJson_HostWithoutUser_HasNullUser()
    {
        var json = TestInventories.Parse("hosts:\n  n1: { address: 10.0.0.1 }\n").ToJson();

        Assert.True(json["hosts"]!["n1"]!.AsObject().ContainsKey("user"));
        Assert.Null(json["hosts"]!["n1"]!["user"]);
    }

    [Fact]
    public void ToJson_WithResolver_ReplacesEveryReferenceIncludingNestedOnes()
    {
        var inventory = TestInventories.Parse(WithSecrets);

        var json = inventory.ToJson(name => $"plain-{name}");

        Assert.Equal("plain-lab_ssh_key", TestInventories.Str(json["vars"]!["ssh_key"]));
        Assert.Equal("""["plain-s3_access","plain-s3_secret"]""", json["vars"]!["s3"]!["credentials"]!.ToJsonString());
        var node1 = json["hosts"]!["node1"]!["vars"]!;
        Assert.Equal("plain-db_root", TestInventories.Str(node1["root_pw"]));
        Assert.Equal("plain-db_repl", TestInventories.Str(node1["repl_pw"]));
        Assert.Equal("plain-lab_ssh_key", TestInventories.Str(node1["again"]));
        Assert.Equal("backups", TestInventories.Str(node1["s3"]!["bucket"]));
        Assert.DoesNotContain("\"secret\"", json.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_WithResolver_AsksOncePerSecretName()
    {
        var inventory = TestInventories.Parse(WithSecrets);
        var asked = new List<string>();

        inventory.ToJson(name =>
        {
            asked.Add(name);
            return "x";
        });

        Assert.Equal(["db_repl", "db_root", "lab_ssh_key", "s3_access", "s3_secret"], asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ToJson_ResolverThrows_ExceptionPropagates()
    {
        var inventory = TestInventories.Parse(WithSecrets);

        var error = Assert.Throws<KeyNotFoundException>(() => inventory.ToJson(name => throw new KeyNotFoundException(name)));

        Assert.Equal("lab_ssh_key", error.Message);
    }

    [Fact]
    public void ToJson_ResolvedCopy_LeavesTheInventoryUnchanged()
    {
        var inventory = TestInventories.Parse(WithSecrets);

        var json = inventory.ToJson(_ => "plaintext");
        json["vars"]!["s3"]!["bucket"] = "changed";

        Assert.Equal("""{"secret":"lab_ssh_key"}""", inventory.Vars["ssh_key"]!.ToJsonString());
        Assert.Equal("""{"secret":"db_root"}""", inventory.Hosts["node1"].Vars["root_pw"]!.ToJsonString());
        Assert.Equal("backups", TestInventories.Str(inventory.ToJson()["vars"]!["s3"]!["bucket"]));
        Assert.DoesNotContain("plaintext", TestInventories.Canonical(inventory).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SecretReferences_ListsEveryReferenceOnceSortedByName()
    {
        var inventory = TestInventories.Parse(WithSecrets);

        var names = inventory.SecretReferences().Select(r => r.Name);

        Assert.Equal(["db_repl", "db_root", "lab_ssh_key", "s3_access", "s3_secret"], names);
    }

    [Fact]
    public void Parse_MappingWithSecretAndOtherKeys_IsPlainData()
    {
        var inventory = TestInventories.Parse("vars: { tls: { secret: true, cert: a.pem } }\n");

        Assert.Empty(inventory.SecretReferences());
        Assert.True(inventory.Vars["tls"]!["secret"]!.GetValue<bool>());
    }
}
