import { useEffect, useId, useState } from "react";
import { api, query } from "../api/client";
import { followEvents } from "../api/eventStream";
import type { RunView } from "../api/types";
import { Link } from "../app/router";
import { ErrorBox } from "../ui/ErrorBox";
import { duration, when } from "../ui/format";
import { StatusBadge } from "../ui/StatusBadge";
import { useLoad } from "../ui/useLoad";

const statuses = ["", "pending", "running", "waiting", "faulted", "completed", "cancelled"];
const pageSize = 25;

interface RunPage {
  items: RunView[];
  next: number | null;
}

/** Runs, newest first: filters, pages, and rows that change as the runs do (GET /api/runs/events). */
export function RunsPage() {
  const id = useId();
  const [status, setStatus] = useState("");
  const [workflow, setWorkflow] = useState("");
  const [active, setActive] = useState(false);
  const [offset, setOffset] = useState(0);
  const list = useLoad((signal) => api<RunPage>(`/api/runs${query({ status, workflow: workflow.trim(), active: active || undefined, limit: pageSize, offset })}`, { signal }), [status, workflow, active, offset]);
  const [changed, setChanged] = useState<Map<string, RunView>>(new Map());
  const reload = list.reload;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stream = followEvents("/api/runs/events", (event) => {
      if (event.event !== "run") return;
      const run = JSON.parse(event.data) as RunView;
      setChanged((old) => new Map(old).set(run.id, run));
      // A new run may belong on this page: read the page again once the burst is over.
      clearTimeout(timer);
      timer = setTimeout(reload, 1000);
    });
    return () => {
      stream.close();
      clearTimeout(timer);
    };
  }, [reload]);
  const rows = (list.data?.items ?? []).map((r) => {
    const newer = changed.get(r.id);
    return newer && newer.updatedAt > r.updatedAt ? newer : r;
  });
  return (
    <section className="page">
      <div className="page-head"><h1>Runs</h1></div>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => { setStatus(e.target.value); setOffset(0); }}>
            {statuses.map((s) => <option key={s} value={s}>{s || "any"}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-wf`}>Runbook</label>
          <input id={`${id}-wf`} value={workflow} onChange={(e) => { setWorkflow(e.target.value); setOffset(0); }} placeholder="id" />
        </div>
        <label className="check"><input type="checkbox" checked={active} onChange={(e) => { setActive(e.target.checked); setOffset(0); }} /> Active only</label>
      </div>
      <ErrorBox error={list.error} />
      <table className="table">
        <thead><tr><th>Run</th><th>Runbook</th><th>Status</th><th>Triggered by</th><th>Created</th><th>Duration</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-run={r.id}>
              <td><Link to={`/runs/${r.id}`}>{r.id.slice(0, 8)}…</Link></td>
              <td>{r.workflow} v{r.version}</td>
              <td><StatusBadge status={r.status} /></td>
              <td>{r.triggeredBy}{r.createdBy ? ` (${r.createdBy})` : ""}</td>
              <td>{when(r.createdAt)}</td>
              <td>{r.startedAt ? duration((r.endedAt ? Date.parse(r.endedAt) : Date.now()) - Date.parse(r.startedAt)) : ""}</td>
            </tr>
          ))}
          {list.data && rows.length === 0 && <tr><td colSpan={6} className="hint">No runs.</td></tr>}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>Newer</button>
        <span>{offset + 1}–{offset + rows.length}</span>
        <button type="button" disabled={list.data?.next == null} onClick={() => setOffset(list.data?.next ?? offset)}>Older</button>
      </div>
    </section>
  );
}
