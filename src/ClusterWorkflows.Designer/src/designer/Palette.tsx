import { useId, useMemo, useState } from "react";
import type { ActivityDescriptor } from "../api/types";
import { dragTypes } from "../graph/graphActions";

interface Props {
  activities: ActivityDescriptor[];
  /** Keyboard path to the same result as a drag: insert after the selected step (or at the end). */
  onAdd: (reference: string) => void;
  disabled: boolean;
}

/** The activities the server knows, by category, from GET /api/activities; drag one onto the graph. */
export function Palette({ activities, onAdd, disabled }: Props) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const byCategory = useMemo(() => {
    const term = filter.trim().toLowerCase();
    const groups = new Map<string, ActivityDescriptor[]>();
    for (const a of activities) {
      if (term && !a.reference.toLowerCase().includes(term) && !a.description.toLowerCase().includes(term)) continue;
      const category = a.category.charAt(0).toUpperCase() + a.category.slice(1);
      groups.set(category, [...(groups.get(category) ?? []), a]);
    }

    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [activities, filter]);
  return (
    <aside className="palette" aria-label="Activities">
      <label htmlFor={`${id}-filter`} className="sr-only">Filter activities</label>
      <input id={`${id}-filter`} type="search" placeholder="Filter activities" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {byCategory.map(([category, list]) => (
        <details key={category} open>
          <summary>{category} <span className="hint">({list.length})</span></summary>
          <ul>
            {list.map((a) => (
              <li key={a.reference} className="palette-item" draggable={!disabled} data-activity={a.reference}
                onDragStart={(e) => { e.dataTransfer.setData(dragTypes.activity, a.reference); e.dataTransfer.effectAllowed = "copy"; }}
                title={a.description}>
                <span className="ref">{a.reference}</span>
                <button type="button" className="small" disabled={disabled} onClick={() => onAdd(a.reference)} aria-label={`Add ${a.reference}`}>+</button>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </aside>
  );
}
