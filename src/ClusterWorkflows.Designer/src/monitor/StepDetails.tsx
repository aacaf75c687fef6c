import type { StepView } from "../api/types";
import { duration, pretty, when } from "../ui/format";
import { maskKeys } from "./mask";
import { shown } from "./runState";

/** One journal record: status, timing, error, inputs and outputs (secret inputs masked). */
export function StepDetails({ record, secretInputs }: { record: StepView; secretInputs: readonly string[] }) {
  const ms = record.startedAt ? (record.endedAt ? Date.parse(record.endedAt) : Date.now()) - Date.parse(record.startedAt) : undefined;
  const inputs = maskKeys(record.inputs, secretInputs);
  return (
    <div className="step-details">
      <dl className="kv">
        <dt>status</dt><dd><span className={`badge status-${shown(record)}`}>{shown(record)}</span></dd>
        <dt>attempt</dt><dd>{record.attempt}</dd>
        {record.item && <><dt>item</dt><dd>{record.item}</dd></>}
        <dt>started</dt><dd>{when(record.startedAt)}</dd>
        <dt>duration</dt><dd>{duration(ms)}</dd>
        {record.dueAt && <><dt>due</dt><dd>{when(record.dueAt)}</dd></>}
        {record.error && <><dt>error</dt><dd className="field-error">{record.error.code}: {record.error.message}</dd></>}
      </dl>
      <h3>Inputs</h3>
      <pre className="json">{inputs ? pretty(inputs) : "—"}</pre>
      <h3>Outputs</h3>
      <pre className="json">{record.outputs ? pretty(record.outputs) : "—"}</pre>
    </div>
  );
}
