import { useEffect, useId, useMemo, useState } from "react";
import type { ActivityDescriptor } from "../api/types";
import { FieldControl } from "../forms/FieldControl";
import { fieldsOf, formatValue, parseValue, type Field } from "../forms/schemaFields";
import { readStepValue, setStepValue } from "../model/stepEdits";
import type { DocPath, StepNode } from "../model/stepTree";
import { parseRunbookDocument } from "../model/yamlText";
import { idField, stepFields } from "./stepFields";

interface Props {
  source: string;
  step: StepNode;
  activities: ActivityDescriptor[];
  editable: boolean;
  problems: string[];
  onChange: (text: string, selectPath?: string) => void;
  onMove: (delta: -1 | 1) => void;
  onDuplicate: () => void;
  onCopy: () => void;
  onDelete: () => void;
}

interface Row {
  key: DocPath;
  field: Field;
}

/** The selected step's form: its own keys, and for an activity the inputs from its descriptor's schema. */
export function StepPanel({ source, step, activities, editable, problems, onChange, onMove, onDuplicate, onCopy, onDelete }: Props) {
  const id = useId();
  const doc = useMemo(() => parseRunbookDocument(source), [source]);
  const activity = step.kind === "activity" ? findActivity(activities, step.uses ?? "") : undefined;
  const withRows: Row[] = useMemo(
    () => (activity ? fieldsOf(activity.inputs, activity.secretInputs).map((field) => ({ key: ["with", field.name], field })) : []),
    [activity],
  );
  const ownRows: Row[] = useMemo(() => [{ key: ["id"], field: idField }, ...stepFields(step.kind)], [step.kind]);
  // What the user typed, per field, while it is being edited (an invalid text is still shown as typed).
  const [texts, setTexts] = useState<Record<string, string>>({});
  useEffect(() => setTexts({}), [step.path]);
  const textOf = (row: Row) => texts[row.key.join(".")] ?? formatValue(row.field, readStepValue(doc, step.docPath, row.key));
  const change = (row: Row, text: string) => {
    setTexts((old) => ({ ...old, [row.key.join(".")]: text }));
    const parsed = parseValue(row.field, text);
    // An invalid value still goes into the YAML as typed, so the server's validation marks the node.
    const value = parsed.error ? (text === "" ? undefined : text) : parsed.value;
    const next = setStepValue(source, step.docPath, row.key, value);
    const renamed = row.key[0] === "id" && !parsed.error ? step.path.replace(/[^/]*$/, text) : undefined;
    onChange(next, renamed);
  };
  const unknownInputs = activity
    ? Object.keys((readStepValue(doc, step.docPath, ["with"]) as Record<string, unknown> | undefined) ?? {}).filter((k) => !withRows.some((r) => r.field.name === k))
    : [];
  const render = (row: Row) => {
    const text = textOf(row);
    const error = parseValue(row.field, text).error;
    return (
      <FieldControl key={row.key.join(".")} idPrefix={`${id}-${row.key.slice(0, -1).join("-")}`} field={row.field} text={text}
        expressions={row.key[0] !== "id"} error={error} onChange={(t) => change(row, t)} />
    );
  };
  return (
    <aside className="step-panel" aria-label={`Step ${step.path}`}>
      <h2>{step.name ?? step.id}</h2>
      <div className="hint">{step.kind}{step.uses ? ` · ${step.uses}` : ""} · line {step.line}</div>
      {problems.length > 0 && (
        <ul className="problems" aria-label="Problems of this step">
          {problems.map((p, i) => <li key={i}>{p}</li>)}
        </ul>
      )}
      {editable && (
        <div className="toolbar" role="toolbar" aria-label="Step actions">
          <button type="button" onClick={() => onMove(-1)} title="Alt+ArrowUp">Move up</button>
          <button type="button" onClick={() => onMove(1)} title="Alt+ArrowDown">Move down</button>
          <button type="button" onClick={onDuplicate}>Duplicate</button>
          <button type="button" onClick={onCopy} title="Ctrl+C">Copy</button>
          <button type="button" className="danger" onClick={onDelete} title="Delete">Delete</button>
        </div>
      )}
      <fieldset disabled={!editable}>
        {activity && (
          <>
            <div className="field">
              <label htmlFor={`${id}-uses`}>uses</label>
              <select id={`${id}-uses`} value={step.uses} onChange={(e) => onChange(setStepValue(source, step.docPath, ["uses"], e.target.value))}>
                {activities.filter((a) => a.type === activity.type).map((a) => <option key={a.reference} value={a.reference}>{a.reference}</option>)}
                {!activities.some((a) => a.reference === step.uses) && <option value={step.uses}>{step.uses}</option>}
              </select>
              <div className="hint">{activity.description}</div>
            </div>
            <h3>Inputs</h3>
            {withRows.map(render)}
            {unknownInputs.length > 0 && <div className="field-error">Unknown inputs: {unknownInputs.join(", ")} (edit them in the YAML tab)</div>}
          </>
        )}
        {step.kind === "activity" && !activity && <div className="field-error">Unknown activity {step.uses}: the server has no descriptor for it.</div>}
        <h3>Step</h3>
        {ownRows.map(render)}
      </fieldset>
    </aside>
  );
}

/** `core.log@1` exactly, or `core.log` meaning its newest version. */
export function findActivity(activities: ActivityDescriptor[], uses: string): ActivityDescriptor | undefined {
  if (uses.includes("@")) return activities.find((a) => a.reference === uses);
  return activities.filter((a) => a.type === uses).sort((a, b) => b.version - a.version)[0];
}
