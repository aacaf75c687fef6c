using System.CommandLine;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Lab;

namespace ClusterWorkflows.Cli.Commands;

/// <summary><c>cw lab</c>: a real multi-host test cluster on this machine (Debian hosts with systemd, sshd and dockerd).</summary>
public static class LabCommands
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Lab name (1-8 lower-case letters or digits).", DefaultValueFactory = _ => "lab", Recursive = true };
        var dir = new Option<string?>("--dir") { Description = "Lab directory (inventory.yaml, ssh_config, key, known_hosts, state.json); default .lab/<name>.", Recursive = true };
        var subnet = new Option<string>("--subnet") { Description = "The lab's private IPv4 /24.", DefaultValueFactory = _ => LabLayout.DefaultSubnet, Recursive = true };
        var group = new Command("lab", "A real multi-host test cluster on this machine: create, inspect, break and remove it (needs root).") { name, dir, subnet };

        group.Subcommands.Add(Up(name, dir, subnet));
        group.Subcommands.Add(Status(name, dir, subnet));
        group.Subcommands.Add(Simple("down", "Remove the lab: containers, its dockerd, namespaces, veths, mounts and cgroups (safe to run twice).", name, dir, subnet,
            async (lab, ct) =>
            {
                await lab.DownAsync(ct);
                Terminal.Out.MarkupLine($"lab {Terminal.Esc(lab.Layout.Name)} is down");
            }));
        foreach (var (verb, help) in new[]
        {
            ("kill", "Kill a host (like pulling its power)."),
            ("start", "Start a stopped host again: same IP, new SSH host keys (recorded in the lab's known_hosts)."),
            ("pause", "Freeze a host's processes."),
            ("unpause", "Thaw a paused host."),
        })
        {
            group.Subcommands.Add(HostVerb(verb, help, name, dir, subnet));
        }

        group.Subcommands.Add(Cut(name, dir, subnet));
        group.Subcommands.Add(Simple("heal", "Restore all traffic cut with 'cw lab cut'.", name, dir, subnet,
            async (lab, ct) =>
            {
                await lab.HealAsync(ct);
                Terminal.Out.MarkupLine("all cuts healed");
            }));
        return group;
    }

    private static Command Up(Option<string> name, Option<string?> dir, Option<string> subnet)
    {
        var hosts = new Option<int>("--hosts") { Description = $"Number of hosts (1-{LabLayout.MaxHosts}).", DefaultValueFactory = _ => 3 };
        var mirror = new Option<string?>("--mirror") { Description = "Debian mirror for the host image (default: the first one apt is configured with)." };
        var images = new Option<string[]>("--image")
        {
            Description = $"Workload image to load into every host's dockerd (repeatable; known: {string.Join(", ", ClusterWorkflows.Lab.Images.LabImages.Names)}). Default: busybox.",
            AllowMultipleArgumentsPerToken = false,
        };
        var up = new Command("up", "Create the lab: build the host image once, start N hosts, write inventory.yaml and ssh_config.") { hosts, mirror, images };
        up.SetAction((parse, ct) => Guarded(async () =>
        {
            var lab = Engine(parse, name, dir, subnet);
            var state = await lab.UpAsync(new LabOptions(lab.Layout, parse.GetValue(hosts), parse.GetValue(mirror), Images: parse.GetValue(images) is { Length: > 0 } chosen ? chosen : null), ct);
            foreach (var h in state.Hosts)
            {
                Console.WriteLine($"{h.Name}\t{h.Ip}");
            }

            Terminal.Out.MarkupLine($"inventory:  {Terminal.Esc(lab.Layout.InventoryFile)}");
            Terminal.Out.MarkupLine($"ssh:        ssh -F {Terminal.Esc(lab.Layout.SshConfigFile)} {Terminal.Esc(state.Hosts[0].Name)} hostname");
            return ExitCodes.Ok;
        }));
        return up;
    }

    private static Command Status(Option<string> name, Option<string?> dir, Option<string> subnet)
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON." };
        var status = new Command("status", "Show the lab's hosts, IPs and states.") { json };
        status.SetAction((parse, ct) => Guarded(async () =>
        {
            var lab = Engine(parse, name, dir, subnet);
            var s = await lab.StatusAsync(ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(s.ToJson());
                return ExitCodes.Ok;
            }

            if (!s.Up)
            {
                Console.WriteLine($"lab {s.Name} is not up");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"lab {s.Name} on {s.Subnet} ({s.LabDir})");
            foreach (var h in s.Hosts)
            {
                Console.WriteLine($"{h.Name}\t{h.Ip}\t{h.State}\tssh:{(h.SshPortOpen ? "open" : "closed")}");
            }

            foreach (var c in s.Cuts)
            {
                Console.WriteLine($"cut: {c.A} <-> {c.B}");
            }

            return ExitCodes.Ok;
        }));
        return status;
    }

    private static Command HostVerb(string verb, string help, Option<string> name, Option<string?> dir, Option<string> subnet)
    {
        var host = new Argument<string>("host") { Description = "Host name from the lab's inventory (node1, node2...)." };
        var command = new Command(verb, help) { host };
        command.SetAction((parse, ct) => Guarded(async () =>
        {
            var lab = Engine(parse, name, dir, subnet);
            var target = parse.GetValue(host)!;
            Task action = verb switch
            {
                "kill" => lab.KillAsync(target, ct),
                "start" => lab.StartAsync(target, ct),
                "pause" => lab.PauseAsync(target, ct),
                _ => lab.UnpauseAsync(target, ct),
            };
            await action;
            Terminal.Out.MarkupLine($"{Terminal.Esc(verb)}: {Terminal.Esc(target)}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Cut(Option<string> name, Option<string?> dir, Option<string> subnet)
    {
        var a = new Argument<string>("host1") { Description = "One side." };
        var b = new Argument<string>("host2") { Description = "The other side." };
        var cut = new Command("cut", "Drop all traffic between two hosts (on the lab's switch).") { a, b };
        cut.SetAction((parse, ct) => Guarded(async () =>
        {
            var lab = Engine(parse, name, dir, subnet);
            await lab.CutAsync(parse.GetValue(a)!, parse.GetValue(b)!, ct);
            Terminal.Out.MarkupLine($"cut {Terminal.Esc(parse.GetValue(a))} <-> {Terminal.Esc(parse.GetValue(b))}");
            return ExitCodes.Ok;
        }));
        return cut;
    }

    private static Command Simple(string verb, string help, Option<string> name, Option<string?> dir, Option<string> subnet, Func<LabEngine, CancellationToken, Task> body)
    {
        var command = new Command(verb, help);
        command.SetAction((parse, ct) => Guarded(async () =>
        {
            await body(Engine(parse, name, dir, subnet), ct);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>File-system failures from the lab (permissions, a vanished directory) become one clear message too.</summary>
    private static Task<int> Guarded(Func<Task<int>> body) => CliApp.Guard(async () =>
    {
        try
        {
            return await body();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LabException(ex.Message);
        }
    });

    /// <summary>A lab is made on this machine: a server has nothing to do with it.</summary>
    private static LabEngine Engine(ParseResult parse, Option<string> name, Option<string?> dir, Option<string> subnet)
    {
        GlobalOptions.RequireEmbedded(parse, "works on this machine");
        var layout = LabLayout.Create(parse.GetValue(name)!, parse.GetValue(subnet)!, parse.GetValue(dir));
        return new LabEngine(layout, message => Terminal.Error.MarkupLine($"lab: {Terminal.Esc(message)}"));
    }
}
