import { useCallback, useMemo, useState } from "react";
import type { ActivityDescriptor, DefinitionView, RunDetail } from "../api/types";
import { Link, navigate } from "../app/router";
import { useMe } from "../app/session";
import { can } from "../auth/session";
import { findActivity } from "../designer/StepPanel";
import { buildGraph } from "../graph/buildGraph";
import { GraphView } from "../graph/GraphView";
import type { GraphActions } from "../graph/graphActions";
import { allSteps, findStep, readRunbook } from "../model/stepTree";
import { ReasonDialog } from "../ui/ReasonDialog";
import { StatusBadge } from "../ui/StatusBadge";
import { duration, pretty, when } from "../ui/format";
import { alter, openIncidents, waitingApprovals } from "./actions";
import { ApprovalPanel, IncidentPanel } from "./IncidentPanel";
import { LogView } from "./LogView";
import { LoopItemsList } from "./LoopItemsList";
import { maskKeys } from "./mask";
import { withProgress } from "./progress";
import { definitionPath, nodeStates, shown } from "./runState";
import { StepDetails } from "./StepDetails";
import { useRunEvents } from "./useRunEvents";

interface Props {
  detail: RunDetail;
  definition: DefinitionView;
  activities: ActivityDescriptor[];
}

export function Monitor({ detail, definition, activities }: Props) {
  const me = useMe();
  const operator = can(me, "operator");
  const { live, onLog } = useRunEvents(detail);
  const model = useMemo(() => readRunbook(definition.content).model, [definition.content]);
  const graph = useMemo(() => buildGraph(model.steps), [model]);
  const loops = useMemo(() => new Set([...allSteps(model.steps)].filter((s) => s.kind === "forEach").map((s) => s.path)), [model]);
  const records = useMemo(() => [...live.records.values()], [live.records]);
  const states = useMemo(() => withProgress(nodeStates(records, loops), live.progress), [records, loops, live.progress]);
  const [node, setNode] = useState<string>();
  // Inside a loop, the record of one item: its journal path (or the item's prefix, for a loop).
  const [journal, setJournal] = useState<string>();
  const [cancelling, setCancelling] = useState(false);
  const select = useCallback((id: string | undefined) => {
    setNode(id);
    setJournal(undefined);
  }, []);
  const selectJournal = useCallback((path: string) => {
    setNode(definitionPath(path));
    setJournal(path);
  }, []);

  const activityOf = useCallback((journalPath: string) => {
    const step = findStep(model.steps, definitionPath(journalPath));
    return step?.uses ? findActivity(activities, step.uses) : undefined;
  }, [model, activities]);
  const secretInputsOf = (journalPath: string) => activityOf(journalPath)?.secretInputs ?? [];
  const runSecrets = Object.entries(model.inputs).filter(([, spec]) => spec?.secret).map(([name]) => name);

  const actions: GraphActions = useMemo(() => {
    const a: GraphActions = {
      states,
      select,
      openCall: (workflow, version) => navigate(`/runbooks/${encodeURIComponent(workflow)}${version ? `?version=${version}` : ""}`),
      showItems: (loop) => select(loop),
    };
    if (node) a.selected = node;
    return a;
  }, [states, select, node]);

  const incidents = openIncidents(records);
  const approvals = waitingApprovals(records);
  const selectedStep = node ? findStep(model.steps, node) : undefined;
  const nodeRecords = node ? records.filter((r) => definitionPath(r.path) === node) : [];
  const record = journal ? live.records.get(journal) : nodeRecords.length === 1 ? nodeRecords[0] : undefined;
  const run = live.run;
  const ended = run.status === "completed" || run.status === "cancelled";
  const runMs = run.startedAt ? (run.endedAt ? Date.parse(run.endedAt) : Date.now()) - Date.parse(run.startedAt) : undefined;

  return (
    <section className="monitor" aria-label={`Run ${run.id}`}>
      <div className="designer-bar">
        <h1>
          <Link to={`/runbooks/${encodeURIComponent(run.workflow)}?version=${run.version}`}>{run.workflow} v{run.version}</Link>{" "}
          <StatusBadge status={run.status} />
        </h1>
        <span className="hint">run {run.id} · started {when(run.startedAt ?? run.createdAt)} · {duration(runMs)}{run.checkMode ? " · check mode" : ""}</span>
        <span className={`live ${live.connected ? "on" : "off"}`} role="status">{ended ? "finished" : live.connected ? "live" : "reconnecting…"}</span>
        {operator && !ended && (
          <div className="toolbar"><button type="button" className="danger" onClick={() => setCancelling(true)}>Cancel run…</button></div>
        )}
      </div>
      {run.error && <div className="error-box" role="alert">{run.error}</div>}
      <div className="monitor-body">
        <div className="designer-main">
          <GraphView graph={graph} actions={actions} label={`Steps of run ${run.id}`} />
        </div>
        <aside className="side" aria-label="Details">
          {operator && <ApprovalPanel runId={run.id} approvals={approvals} />}
          {operator && <IncidentPanel runId={run.id} incidents={incidents} activityOf={activityOf} onSelect={selectJournal} />}
          {!operator && incidents.length > 0 && <p className="hint">{incidents.length} open incident(s); an operator can retry or skip.</p>}
          {selectedStep ? (
            <section aria-label={`Step ${selectedStep.path}`}>
              <h2>{selectedStep.name ?? selectedStep.id}</h2>
              <div className="hint">{selectedStep.path} · {selectedStep.kind}{selectedStep.uses ? ` · ${selectedStep.uses}` : ""}</div>
              {loops.has(selectedStep.path) && <LoopItemsList records={records} loopPath={selectedStep.path} selected={journal} onSelect={setJournal} />}
              {!loops.has(selectedStep.path) && nodeRecords.length > 1 && (
                <LoopItemsList records={nodeRecords} loopPath={selectedStep.path.split("/").slice(0, -1).join("/")} selected={journal}
                  onSelect={(prefix) => setJournal(`${prefix}/${selectedStep.id}`)} />
              )}
              {journal && !record && (
                <ul className="items-list" aria-label={`Steps of ${journal}`}>
                  {records.filter((r) => r.path.startsWith(journal + "/")).map((r) => (
                    <li key={r.path}>
                      <button type="button" className="link" onClick={() => selectJournal(r.path)}>{r.path}</button>
                      <span className={`badge status-${shown(r)}`}>{shown(r)}</span>
                    </li>
                  ))}
                </ul>
              )}
              {record && <StepDetails record={record} secretInputs={secretInputsOf(record.path)} />}
              {record && operator && (
                <ResumeFrom runId={run.id} step={record.path} disabled={!["faulted", "completed", "skipped"].includes(record.status) || ended && run.status === "cancelled"} />
              )}
              {(record || selectedStep.kind === "activity") && (
                <>
                  <h3>Log</h3>
                  <LogView runId={run.id} step={record?.path ?? (nodeRecords.length === 0 ? selectedStep.path : undefined)} onLog={onLog} />
                </>
              )}
              {!record && nodeRecords.length === 0 && <p className="hint">Not started yet.</p>}
            </section>
          ) : (
            <section aria-label="Run">
              <h2>Run</h2>
              <dl className="kv">
                <dt>triggered by</dt><dd>{run.triggeredBy} {run.createdBy ? `(${run.createdBy})` : ""}</dd>
                <dt>created</dt><dd>{when(run.createdAt)}</dd>
                {run.endedAt && <><dt>ended</dt><dd>{when(run.endedAt)}</dd></>}
              </dl>
              <h3>Inputs</h3>
              <pre className="json">{pretty(maskKeys(run.inputs, runSecrets))}</pre>
              {run.outputs && <><h3>Outputs</h3><pre className="json">{pretty(run.outputs)}</pre></>}
              <h3>Log</h3>
              <LogView runId={run.id} step={undefined} onLog={onLog} />
            </section>
          )}
        </aside>
      </div>
      {cancelling && (
        <ReasonDialog title={`Cancel run of ${run.workflow}`} confirmLabel="Cancel the run" danger onClose={() => setCancelling(false)}
          onConfirm={(reason) => alter(run.id, "cancel", { reason }).then(() => undefined)} />
      )}
    </section>
  );
}

function ResumeFrom({ runId, step, disabled }: { runId: string; step: string; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => setOpen(true)}>Resume from here…</button>
      {open && (
        <ReasonDialog title={`Resume from ${step}`} confirmLabel="Resume from here" onClose={() => setOpen(false)}
          onConfirm={(reason) => alter(runId, "resume-from", { step, reason }).then(() => undefined)} />
      )}
    </>
  );
}
