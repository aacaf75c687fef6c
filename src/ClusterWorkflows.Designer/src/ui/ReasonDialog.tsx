import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { ErrorBox } from "./ErrorBox";

interface Props {
  title: string;
  confirmLabel: string;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
  danger?: boolean;
  /** What the text is called; by default the reason that goes to the audit log. */
  label?: string;
  children?: ReactNode;
}

/**
 * Every operator decision goes through this dialog: it asks for the reason that lands in the
 * audit log (saving a version asks for its message the same way). A native modal <dialog> keeps focus inside it and closes on Escape.
 */
export function ReasonDialog({ title, confirmLabel, onConfirm, onClose, danger, label = "Reason (recorded in the audit log)", children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const id = useId();
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm(reason.trim());
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        <label htmlFor={`${id}-reason`}>{label}</label>
        <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} required autoFocus />
        <ErrorBox error={error} />
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className={danger ? "danger" : "primary"} disabled={busy || reason.trim() === ""}>{confirmLabel}</button>
        </div>
      </form>
    </dialog>
  );
}
