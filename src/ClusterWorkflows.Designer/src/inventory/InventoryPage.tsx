import { api } from "../api/client";
import { ErrorBox } from "../ui/ErrorBox";
import { useLoad } from "../ui/useLoad";
import { VarsView } from "./VarsView";

interface Host {
  name: string;
  address: string;
  port: number;
  user: string | null;
  groups: string[];
  vars: Record<string, unknown>;
}

interface Inventory {
  file: string;
  inventory: { hosts: Record<string, Host>; groups: Record<string, string[]>; vars: Record<string, unknown>; knownHosts: string | null; trustOnFirstUse: boolean };
}

/** The server's inventory (CW_INVENTORY): hosts, groups, variables; secret variables by name only. */
export function InventoryPage() {
  const loaded = useLoad((signal) => api<Inventory>("/api/inventory", { signal }), []);
  const inv = loaded.data?.inventory;
  return (
    <section className="page">
      <div className="page-head"><h1>Inventory</h1>{loaded.data && <span className="hint">{loaded.data.file}</span>}</div>
      <ErrorBox error={loaded.error} />
      {inv && (
        <>
          <h2>Hosts</h2>
          <table className="table">
            <thead><tr><th>Host</th><th>Address</th><th>User</th><th>Groups</th><th>Variables</th></tr></thead>
            <tbody>
              {Object.values(inv.hosts).map((h) => (
                <tr key={h.name} data-host={h.name}>
                  <td className="strong">{h.name}</td>
                  <td>{h.address}:{h.port}</td>
                  <td>{h.user ?? ""}</td>
                  <td>{h.groups.join(", ")}</td>
                  <td><VarsView vars={h.vars} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Groups</h2>
          <table className="table">
            <thead><tr><th>Group</th><th>Hosts</th></tr></thead>
            <tbody>
              {Object.entries(inv.groups).map(([name, hosts]) => (
                <tr key={name} data-group={name}><td className="strong">{name}</td><td>{hosts.join(", ") || <span className="hint">none</span>}</td></tr>
              ))}
            </tbody>
          </table>
          <h2>Variables</h2>
          <VarsView vars={inv.vars} />
          <p className="hint">known_hosts: {inv.knownHosts ?? "none"} · trust on first use: {String(inv.trustOnFirstUse)}</p>
        </>
      )}
    </section>
  );
}
