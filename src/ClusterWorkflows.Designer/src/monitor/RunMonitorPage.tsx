import { api } from "../api/client";
import type { ActivityDescriptor, DefinitionView } from "../api/types";
import { ErrorBox } from "../ui/ErrorBox";
import { useLoad } from "../ui/useLoad";
import { Monitor } from "./Monitor";
import { loadRunDetail } from "./runDetail";

/** /runs/:id — the run's graph (the version it pinned), live from its event stream. */
export default function RunMonitorPage({ id }: { id: string }) {
  const loaded = useLoad(async (signal) => {
    const run = await loadRunDetail(id, signal);
    const [definition, activities] = await Promise.all([
      api<DefinitionView>(`/api/definitions/${encodeURIComponent(run.workflow)}/versions/${run.version}`, { signal }),
      api<ActivityDescriptor[]>("/api/activities", { signal }),
    ]);
    return { run, definition, activities };
  }, [id]);
  if (loaded.error) return <section className="page"><ErrorBox error={loaded.error} /></section>;
  if (!loaded.data) return <p className="loading">Loading run {id}…</p>;
  return <Monitor detail={loaded.data.run} definition={loaded.data.definition} activities={loaded.data.activities} />;
}
