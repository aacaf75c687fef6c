import { useId, useMemo, useState } from "react";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { ActivityDescriptor, StepView } from "../api/types";
import { FieldControl } from "../forms/FieldControl";
import { fieldsOf, formatValue, parseValue } from "../forms/schemaFields";
import { ReasonDialog } from "../ui/ReasonDialog";
import { alter, type Alteration } from "./actions";
import { masked } from "./mask";

interface Props {
  runId: string;
  incidents: StepView[];
  activityOf: (journalPath: string) => ActivityDescriptor | undefined;
  onSelect: (journalPath: string) => void;
}

type Open = { kind: "retry" | "retry-inputs" | "skip" | "resume"; step: StepView } | undefined;

/** Open incidents with what an operator can do about each; every action asks for a reason. */
export function IncidentPanel({ runId, incidents, activityOf, onSelect }: Props) {
  const [open, setOpen] = useState<Open>();
  if (incidents.length === 0) return null;
  return (
    <section aria-label="Incidents">
      <h2>Incidents</h2>
      {incidents.map((step) => (
        <div key={step.path} className="incident" data-incident={step.path}>
          <button type="button" className="link strong" onClick={() => onSelect(step.path)}>{step.path}</button>
          <div>{step.error?.code}: {step.error?.message}</div>
          <div className="hint">attempt {step.attempt}{step.error && !step.error.retryable ? " · not retryable as is" : ""}</div>
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setOpen({ kind: "retry", step })}>Retry</button>
            <button type="button" onClick={() => setOpen({ kind: "retry-inputs", step })}>Retry with edited inputs…</button>
            <button type="button" onClick={() => setOpen({ kind: "skip", step })}>Skip with outputs…</button>
            <button type="button" onClick={() => setOpen({ kind: "resume", step })}>Resume from here</button>
          </div>
        </div>
      ))}
      {open?.kind === "retry" && (
        <ReasonDialog title={`Retry ${open.step.path}`} confirmLabel="Retry" onClose={() => setOpen(undefined)}
          onConfirm={(reason) => alter(runId, "retry", { step: open.step.path, reason }).then(() => undefined)} />
      )}
      {open?.kind === "resume" && (
        <ReasonDialog title={`Resume from ${open.step.path}`} confirmLabel="Resume from here" onClose={() => setOpen(undefined)}
          onConfirm={(reason) => alter(runId, "resume-from", { step: open.step.path, reason }).then(() => undefined)} />
      )}
      {open?.kind === "retry-inputs" && (
        <RetryWithInputs runId={runId} step={open.step} activity={activityOf(open.step.path)} onClose={() => setOpen(undefined)} />
      )}
      {open?.kind === "skip" && <SkipWithOutputs runId={runId} step={open.step} onClose={() => setOpen(undefined)} />}
    </section>
  );
}

/** The failed attempt's inputs in the activity's own form; only the fields changed are sent. */
function RetryWithInputs({ runId, step, activity, onClose }: { runId: string; step: StepView; activity: ActivityDescriptor | undefined; onClose: () => void }) {
  const id = useId();
  const fields = useMemo(() => (activity ? fieldsOf(activity.inputs, activity.secretInputs) : []), [activity]);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const changed: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const text = texts[field.name];
    if (text === undefined) continue;
    const parsed = parseValue(field, text);
    if (parsed.error) problems[field.name] = parsed.error;
    else changed[field.name] = parsed.value;
  }

  return (
    <ReasonDialog title={`Retry ${step.path} with edited inputs`} confirmLabel="Retry" onClose={onClose}
      onConfirm={(reason) => alter(runId, "retry", { step: step.path, inputs: changed, reason }).then(() => undefined)}>
      {!activity && <p className="field-error">No descriptor for this step's activity.</p>}
      {fields.map((field) => {
        const original = step.inputs?.[field.name];
        const shown = field.kind === "secret" || original === masked ? "" : formatValue(field, original);
        return (
          <FieldControl key={field.name} idPrefix={`${id}-in`} field={{ ...field, required: false }} expressions
            text={texts[field.name] ?? shown} error={problems[field.name]} onChange={(t) => setTexts((o) => ({ ...o, [field.name]: t }))} />
        );
      })}
    </ReasonDialog>
  );
}

function SkipWithOutputs({ runId, step, onClose }: { runId: string; step: StepView; onClose: () => void }) {
  const id = useId();
  const [text, setText] = useState(step.outputs ? stringifyYaml(step.outputs) : "");
  let outputs: unknown;
  let problem: string | undefined;
  try {
    outputs = text.trim() ? parseYaml(text) : {};
    if (typeof outputs !== "object" || outputs === null || Array.isArray(outputs)) problem = "outputs must be a mapping";
  } catch (e) {
    problem = (e as Error).message.split("\n")[0];
  }

  return (
    <ReasonDialog title={`Skip ${step.path}`} confirmLabel="Skip" danger onClose={onClose}
      onConfirm={(reason) => (problem ? Promise.reject(new Error(problem)) : alter(runId, "skip", { step: step.path, outputs, reason }).then(() => undefined))}>
      <label htmlFor={`${id}-out`}>Outputs the later steps will read (YAML)</label>
      <textarea id={`${id}-out`} rows={5} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={problem ? true : undefined} spellCheck={false} />
      {problem && <div className="field-error" role="alert">{problem}</div>}
    </ReasonDialog>
  );
}

export function ApprovalPanel({ runId, approvals }: { runId: string; approvals: StepView[] }) {
  const [open, setOpen] = useState<{ action: Alteration; step: StepView }>();
  if (approvals.length === 0) return null;
  return (
    <section aria-label="Approvals">
      <h2>Waiting for approval</h2>
      {approvals.map((step) => {
        const bookmark = step.bookmark as { message?: string; minApprovals?: number; approvals?: unknown[] } | null;
        return (
          <div key={step.path} className="approval" data-approval={step.path}>
            <div className="strong">{step.path}</div>
            {bookmark?.message && <div>{bookmark.message}</div>}
            <div className="hint">{bookmark?.approvals?.length ?? 0} of {bookmark?.minApprovals ?? 1} approval(s)</div>
            <div className="toolbar">
              <button type="button" className="primary" onClick={() => setOpen({ action: "approve", step })}>Approve</button>
              <button type="button" className="danger" onClick={() => setOpen({ action: "reject", step })}>Reject</button>
            </div>
          </div>
        );
      })}
      {open && (
        <ReasonDialog title={`${open.action === "approve" ? "Approve" : "Reject"} ${open.step.path}`} confirmLabel={open.action === "approve" ? "Approve" : "Reject"}
          danger={open.action === "reject"} onClose={() => setOpen(undefined)}
          onConfirm={(reason) => alter(runId, open.action, { step: open.step.path, reason }).then(() => undefined)} />
      )}
    </section>
  );
}
