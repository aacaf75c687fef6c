import { useState } from "react";
import { api } from "../api/client";
import type { ScheduleView } from "../api/types";
import { useMe } from "../app/session";
import { can } from "../auth/session";
import { ErrorBox } from "../ui/ErrorBox";
import { ReasonDialog } from "../ui/ReasonDialog";
import { when } from "../ui/format";
import { useLoad } from "../ui/useLoad";

/** Cron schedules with their next fires; an admin pauses and resumes them (with a reason). */
export function SchedulesPage() {
  const me = useMe();
  const list = useLoad((signal) => api<ScheduleView[]>("/api/schedules?next=3", { signal }), []);
  const [open, setOpen] = useState<{ schedule: ScheduleView; pause: boolean }>();
  return (
    <section className="page">
      <div className="page-head"><h1>Schedules</h1></div>
      <ErrorBox error={list.error} />
      <table className="table">
        <thead><tr><th>Schedule</th><th>Cron</th><th>Next fires</th><th>Last fire</th><th>State</th><th><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(list.data ?? []).map((s) => (
            <tr key={s.id} data-schedule={s.id}>
              <td className="strong">{s.id}<div className="hint">{s.workflow}{s.version ? ` v${s.version}` : ""} · overlap {s.overlap} · catch-up {s.catchUp}</div></td>
              <td><code>{s.cron}</code> {s.timeZone ?? "UTC"}</td>
              <td>{s.paused ? <span className="hint">paused</span> : s.nextFires.map((f) => <div key={f}>{when(f)}</div>)}</td>
              <td>{when(s.lastFireAt) || <span className="hint">never</span>}</td>
              <td>{s.paused ? <span className="badge status-waiting">paused</span> : <span className="badge status-changed">active</span>}</td>
              <td className="actions">
                {can(me, "admin") && (
                  <button type="button" onClick={() => setOpen({ schedule: s, pause: !s.paused })} aria-label={`${s.paused ? "Resume" : "Pause"} ${s.id}`}>
                    {s.paused ? "Resume" : "Pause"}
                  </button>
                )}
              </td>
            </tr>
          ))}
          {list.data?.length === 0 && <tr><td colSpan={6} className="hint">No schedules: add a cron trigger to a runbook.</td></tr>}
        </tbody>
      </table>
      {open && (
        <ReasonDialog title={`${open.pause ? "Pause" : "Resume"} ${open.schedule.id}`} confirmLabel={open.pause ? "Pause" : "Resume"} onClose={() => setOpen(undefined)}
          onConfirm={async (reason) => {
            await api(`/api/schedules/${open.schedule.id}/${open.pause ? "pause" : "resume"}`, { method: "POST", body: { reason } });
            list.reload();
          }} />
      )}
    </section>
  );
}
