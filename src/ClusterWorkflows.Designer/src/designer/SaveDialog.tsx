import { useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client";
import type { DefinitionView } from "../api/types";
import { ErrorBox } from "../ui/ErrorBox";

/** Save as a new version, with a message for the audit log and the version history. */
export function SaveDialog({ content, onSaved, onClose }: { content: string; onSaved: (saved: DefinitionView) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => ref.current?.showModal(), []);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await api<DefinitionView>("/api/definitions", { method: "POST", body: { content, message: message.trim() } }));
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>Save a new version</h2>
        <label htmlFor={`${id}-msg`}>Message</label>
        <textarea id={`${id}-msg`} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} required autoFocus />
        <ErrorBox error={error} />
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || message.trim() === ""}>Save</button>
        </div>
      </form>
    </dialog>
  );
}
