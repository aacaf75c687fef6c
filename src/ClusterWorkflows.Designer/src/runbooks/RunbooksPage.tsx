import { useId, useState } from "react";
import { api } from "../api/client";
import type { DefinitionSummary, ScheduleView } from "../api/types";
import { Link } from "../app/router";
import { useMe } from "../app/session";
import { can } from "../auth/session";
import { ErrorBox } from "../ui/ErrorBox";
import { when } from "../ui/format";
import { StatusBadge } from "../ui/StatusBadge";
import { useLoad } from "../ui/useLoad";
import { RunDialog } from "./RunDialog";

/** Every runbook with its last run and next scheduled fire; Run opens the generated form. */
export function RunbooksPage() {
  const me = useMe();
  const id = useId();
  const [search, setSearch] = useState("");
  const [running, setRunning] = useState<string>();
  const list = useLoad(async (signal) => {
    const [definitions, schedules] = await Promise.all([
      api<DefinitionSummary[]>("/api/definitions", { signal }),
      api<ScheduleView[]>("/api/schedules?next=1", { signal }),
    ]);
    return { definitions, schedules };
  }, []);
  const nextFire = (workflow: string) =>
    list.data?.schedules.filter((s) => s.workflow === workflow && !s.paused).flatMap((s) => s.nextFires).sort()[0];
  const term = search.trim().toLowerCase();
  const shown = (list.data?.definitions ?? []).filter((d) => !term || d.id.toLowerCase().includes(term) || (d.description ?? "").toLowerCase().includes(term));
  return (
    <section className="page">
      <div className="page-head">
        <h1>Runbooks</h1>
        <label htmlFor={`${id}-search`} className="sr-only">Search runbooks</label>
        <input id={`${id}-search`} type="search" placeholder="Search runbooks" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <ErrorBox error={list.error} />
      <table className="table">
        <thead>
          <tr><th>Runbook</th><th>Version</th><th>Last run</th><th>Next fire</th><th><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.id} data-runbook={d.id}>
              <td>
                <Link to={`/runbooks/${encodeURIComponent(d.id)}`} className="strong">{d.id}</Link>
                {d.description && <div className="hint">{d.description}</div>}
              </td>
              <td>v{d.version}</td>
              <td>{d.lastRun ? <Link to={`/runs/${d.lastRun.id}`}><StatusBadge status={d.lastRun.status} /> {when(d.lastRun.createdAt)}</Link> : <span className="hint">never</span>}</td>
              <td>{when(nextFire(d.id)) || <span className="hint">—</span>}</td>
              <td className="actions">
                <Link to={`/runbooks/${encodeURIComponent(d.id)}`}>Open</Link>
                {can(me, "operator") && <button type="button" className="primary" onClick={() => setRunning(d.id)} aria-label={`Run ${d.id}`}>Run</button>}
              </td>
            </tr>
          ))}
          {list.data && shown.length === 0 && <tr><td colSpan={5} className="hint">No runbook matches.</td></tr>}
        </tbody>
      </table>
      {running && <RunDialog workflow={running} onClose={() => setRunning(undefined)} />}
    </section>
  );
}
