import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { api, ApiError } from "../api/client";
import type { DefinitionView, RunView } from "../api/types";
import { navigate } from "../app/router";
import { FieldControl } from "../forms/FieldControl";
import { fieldsOfInputs, parseValue } from "../forms/schemaFields";
import { readRunbook } from "../model/stepTree";
import { ErrorBox } from "../ui/ErrorBox";
import { useLoad } from "../ui/useLoad";
import { InventoryPicker } from "./InventoryPicker";

/** The Run form, generated from the runbook's declared inputs (types, required, defaults, allowed, secrets). */
export function RunDialog({ workflow, onClose }: { workflow: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const definition = useLoad((signal) => api<DefinitionView>(`/api/definitions/${encodeURIComponent(workflow)}`, { signal }), [workflow]);
  const fields = useMemo(() => (definition.data ? fieldsOfInputs(readRunbook(definition.data.content).model.inputs) : []), [definition.data]);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [inventory, setInventory] = useState<{ text: string | undefined; valid: boolean }>({ text: undefined, valid: true });
  const [checkMode, setCheckMode] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => ref.current?.showModal(), []);
  const problems: Record<string, string> = {};
  const inputs: Record<string, unknown> = {};
  for (const field of fields) {
    const parsed = parseValue(field, texts[field.name] ?? "", false);
    if (parsed.error) problems[field.name] = parsed.error;
    else if (parsed.value !== undefined) inputs[field.name] = parsed.value;
  }

  const onInventory = useCallback((text: string | undefined, valid: boolean) => setInventory({ text, valid }), []);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setServerErrors({});
    try {
      const body: Record<string, unknown> = { workflow, version: definition.data?.version, inputs, checkMode };
      if (inventory.text !== undefined) body.inventory = inventory.text;
      const run = await api<RunView>("/api/runs", { method: "POST", body });
      onClose();
      navigate(`/runs/${run.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors) {
        const byField: Record<string, string> = {};
        for (const [key, list] of Object.entries(err.problem.errors)) byField[key.replace(/^inputs\./, "")] = list.join("; ");
        setServerErrors(byField);
      }

      setError(err);
      setBusy(false);
    }
  };
  const valid = Object.keys(problems).length === 0 && inventory.valid;
  return (
    <dialog ref={ref} className="dialog wide" aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>Run {workflow}{definition.data ? ` v${definition.data.version}` : ""}</h2>
        <ErrorBox error={definition.error} />
        {fields.length === 0 && definition.data && <p className="hint">This runbook declares no inputs.</p>}
        {fields.map((field) => (
          <FieldControl key={field.name} idPrefix={`${id}-in`} field={field} expressions={false}
            text={texts[field.name] ?? ""} onChange={(t) => setTexts((old) => ({ ...old, [field.name]: t }))}
            error={(texts[field.name] !== undefined || field.required ? problems[field.name] : undefined) ?? serverErrors[field.name]} />
        ))}
        <InventoryPicker onChange={onInventory} />
        <label className="check"><input type="checkbox" checked={checkMode} onChange={(e) => setCheckMode(e.target.checked)} /> Check mode (report what would change, change nothing)</label>
        <ErrorBox error={error} />
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !valid || !definition.data}>Start run</button>
        </div>
      </form>
    </dialog>
  );
}
