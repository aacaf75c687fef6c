import { api } from "../api/client";
import type { DefinitionView } from "../api/types";
import { ReasonDialog } from "../ui/ReasonDialog";

/** Save as a new version, with a message for the audit log and the version history. */
export function SaveDialog({ content, onSaved, onClose }: { content: string; onSaved: (saved: DefinitionView) => void; onClose: () => void }) {
  return (
    <ReasonDialog title="Save a new version" confirmLabel="Save" label="Message" onClose={onClose}
      onConfirm={async (message) => onSaved(await api<DefinitionView>("/api/definitions", { method: "POST", body: { content, message } }))} />
  );
}
