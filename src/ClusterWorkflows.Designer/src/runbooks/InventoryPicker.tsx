import { useEffect, useId, useState } from "react";
import { api } from "../api/client";
import { useLoad } from "../ui/useLoad";

interface ServerInventory {
  file: string;
  inventory: { hosts: Record<string, unknown>; groups: Record<string, string[]> };
}

interface Validation {
  valid: boolean;
  errors: Array<{ line: number; column: number; message: string }>;
  hosts: number;
}

/** The inventory a run gets: the server's (CW_INVENTORY) or one pasted for this run, checked as typed. */
export function InventoryPicker({ onChange }: { onChange: (inventory: string | undefined, valid: boolean) => void }) {
  const id = useId();
  const server = useLoad((signal) => api<ServerInventory>("/api/inventory", { signal }), []);
  const [mode, setMode] = useState<"server" | "custom">("server");
  const [text, setText] = useState("");
  const [check, setCheck] = useState<Validation>();
  useEffect(() => {
    if (mode === "server") {
      onChange(undefined, true);
      return;
    }

    const timer = setTimeout(() => {
      if (text.trim() === "") {
        setCheck(undefined);
        onChange(undefined, false);
        return;
      }

      api<Validation>("/api/inventory/validate", { method: "POST", body: { content: text } }).then((v) => {
        setCheck(v);
        onChange(text, v.valid);
      }, () => onChange(text, false));
    }, 300);
    return () => clearTimeout(timer);
  }, [mode, text, onChange]);
  const serverLabel = server.data
    ? `Server inventory (${server.data.file}: ${Object.keys(server.data.inventory.hosts).length} hosts, ${Object.keys(server.data.inventory.groups).length} groups)`
    : "Server inventory (none configured)";
  return (
    <fieldset className="inventory-picker">
      <legend>Inventory</legend>
      <label><input type="radio" name={`${id}-mode`} checked={mode === "server"} onChange={() => setMode("server")} /> {serverLabel}</label>
      <label><input type="radio" name={`${id}-mode`} checked={mode === "custom"} onChange={() => setMode("custom")} /> Paste an inventory for this run</label>
      {mode === "custom" && (
        <>
          <label htmlFor={`${id}-text`} className="sr-only">Inventory YAML</label>
          <textarea id={`${id}-text`} rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} placeholder="hosts: …" />
          {check && (check.valid
            ? <div className="hint">{check.hosts} hosts</div>
            : <div className="field-error" role="alert">{check.errors.map((e) => `line ${e.line}: ${e.message}`).join("; ")}</div>)}
        </>
      )}
    </fieldset>
  );
}
