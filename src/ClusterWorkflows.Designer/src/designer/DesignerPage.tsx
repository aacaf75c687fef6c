import { useCallback, useState } from "react";
import { api } from "../api/client";
import type { ActivityDescriptor, DefinitionView } from "../api/types";
import { ErrorBox } from "../ui/ErrorBox";
import { useLoad } from "../ui/useLoad";
import { Editor } from "./Editor";
import { markPhase } from "./phases";

/** /runbooks/:id — the designer of one runbook (its newest version, or ?version=N). */
export default function DesignerPage({ id, version }: { id: string; version: string | null }) {
  // Measured from here: the definition's request is the start of "opening" the runbook.
  const [startedAt] = useState(() => performance.now());
  const [saved, setSaved] = useState<DefinitionView>();
  const loaded = useLoad(async (signal) => {
    markPhase("requested");
    const path = version ? `/api/definitions/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}` : `/api/definitions/${encodeURIComponent(id)}`;
    const [definition, activities] = await Promise.all([api<DefinitionView>(path, { signal }), api<ActivityDescriptor[]>("/api/activities", { signal })]);
    markPhase("fetched");
    return { definition, activities };
  }, [id, version]);
  const onSaved = useCallback((definition: DefinitionView) => setSaved(definition), []);
  if (loaded.error) return <section className="page"><ErrorBox error={loaded.error} /></section>;
  if (!loaded.data) return <p className="loading">Loading {id}…</p>;
  const definition = saved ?? loaded.data.definition;
  return <Editor key={`${definition.id}@${definition.version}`} definition={definition} activities={loaded.data.activities} startedAt={saved ? undefined : startedAt} onSaved={onSaved} />;
}
